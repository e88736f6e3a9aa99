package dev.parley.llm.rest;

import dev.parley.llm.service.chat.ModelCatalogue;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models")
public class ModelResource {

    public record ProviderAttributes(boolean anyModel, boolean requiresApiKey, List<String> models) {
    }

    private final ModelCatalogue catalogue;

    public ModelResource(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @RolesAllowed({Scopes.LLM_USE, Scopes.BOTS_READ})
    @Operation(summary = "The model catalogue: providers, models, context sizes and prices")
    public Envelope.Listing<Envelope.Resource<ModelCatalogue.Model>> list(@RestQuery String provider,
            @BeanParam PageQuery paging) {
        PageRequest request = paging.request();
        List<ModelCatalogue.Model> all = catalogue.list(provider == null || provider.isBlank() ? null : provider);
        return Envelope.list(Page.of(all, request)
                .map(m -> new Envelope.Resource<>(m.provider() + "/" + m.model(), "model", m)));
    }

    @GET
    @Path("/providers")
    @RolesAllowed({Scopes.LLM_USE, Scopes.BOTS_READ})
    @Operation(summary = "The providers and the models each accepts", description = "What bot-service validates "
            + "a bot's `provider` and `model` against. `anyModel`: the tenant's endpoint decides (ollama, custom).")
    public Envelope.Listing<Envelope.Resource<ProviderAttributes>> providers() {
        return Envelope.list(Page.of(catalogue.providers(), new PageRequest(1, PageRequest.MAX_PER_PAGE))
                .map(p -> new Envelope.Resource<>(p.provider(), "provider",
                        new ProviderAttributes(p.anyModel(), p.requiresApiKey(), p.models()))));
    }
}
