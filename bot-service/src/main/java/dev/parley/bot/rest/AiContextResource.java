package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotAiContext;
import dev.parley.bot.service.parts.AiContextService;
import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/bots/{botId}/ai-contexts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "AI contexts")
public class AiContextResource {

    private final AiContextService contexts;
    private final IdempotentCreation idempotency;

    public AiContextResource(AiContextService contexts, IdempotentCreation idempotency) {
        this.contexts = contexts;
        this.idempotency = idempotency;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List a bot's AI contexts", description = "Highest priority first; paginated.")
    public Envelope.Listing<Envelope.Resource<AiContextAttributes>> list(@RestPath String botId, @BeanParam PageQuery paging) {
        return Envelope.list(contexts.list(botId, paging.request()).map(AiContextResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get an AI context")
    public Envelope.Single<Envelope.Resource<AiContextAttributes>> get(@RestPath String botId, @RestPath String id) {
        return new Envelope.Single<>(resource(contexts.get(botId, id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create an AI context", description = "`contextType` static (`content`) or api (`apiFetch`, "
            + "whose URL must pass the outbound guard); `triggerKeywords` select when it applies. Republishes the bot.")
    public Response create(@RestPath String botId, @RestHeader(IdempotentCreation.HEADER) String idempotencyKey,
            ObjectNode body) {
        ObjectNode request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, Map.of("aiContextOf", botId, "body", request), () -> {
            BotAiContext context = contexts.create(botId, request);
            return new IdempotentCreation.Created(URI.create("/v1/bots/" + botId + "/ai-contexts/" + context.id),
                    new Envelope.Single<>(resource(context)));
        });
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Replace an AI context")
    public Envelope.Single<Envelope.Resource<AiContextAttributes>> replace(@RestPath String botId, @RestPath String id,
            ObjectNode body) {
        return new Envelope.Single<>(resource(contexts.update(botId, id, RequestValues.requiredBody(body), true)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Update an AI context", description = "A JSON merge patch.")
    public Envelope.Single<Envelope.Resource<AiContextAttributes>> update(@RestPath String botId, @RestPath String id,
            ObjectNode body) {
        return new Envelope.Single<>(resource(contexts.update(botId, id, RequestValues.requiredBody(body), false)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete an AI context")
    public RestResponse<Void> delete(@RestPath String botId, @RestPath String id) {
        contexts.delete(botId, id);
        return RestResponse.noContent();
    }

    private static Envelope.Resource<AiContextAttributes> resource(BotAiContext context) {
        return new Envelope.Resource<>(context.id, AiContextAttributes.TYPE, AiContextAttributes.of(context));
    }
}
