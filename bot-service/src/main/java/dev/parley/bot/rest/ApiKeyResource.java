package dev.parley.bot.rest;

import dev.parley.bot.ApiKey;
import dev.parley.bot.service.tenant.ApiKeyService;
import dev.parley.bot.service.tenant.IssuedApiKey;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** API keys are managed by tenant admins signed in with Keycloak; a key cannot mint or revoke keys. */
@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.ADMIN)
@Tag(name = "API keys")
public class ApiKeyResource {

    private final ApiKeyService keys;

    public ApiKeyResource(ApiKeyService keys) {
        this.keys = keys;
    }

    @POST
    @Operation(summary = "Create an API key", description = "The `pk_…` secret is in this answer only; Parley keeps its hash.")
    public RestResponse<Envelope.Single<Envelope.Resource<ApiKeyAttributes>>> create(@Valid CreateApiKeyRequest body) {
        CreateApiKeyRequest request = RequestValues.requiredBody(body);
        IssuedApiKey issued = keys.issue(request.name(), request.scopes(), request.expiresAt());
        return RestResponse.ResponseBuilder.<Envelope.Single<Envelope.Resource<ApiKeyAttributes>>>created(
                URI.create("/v1/api-keys/" + issued.key().id))
                .entity(Envelope.one(issued.key().id, ApiKeyAttributes.TYPE, ApiKeyAttributes.of(issued.key(), issued.secret())))
                .build();
    }

    @GET
    @Operation(summary = "List API keys")
    public Envelope.Listing<Envelope.Resource<ApiKeyAttributes>> list(@BeanParam PageQuery paging) {
        return Envelope.list(keys.list(paging.request()).map(ApiKeyResource::resource));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an API key")
    public Envelope.Single<Envelope.Resource<ApiKeyAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(keys.get(id)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key", description = "Every service refuses the key within seconds.")
    public RestResponse<Void> revoke(@RestPath String id) {
        keys.revoke(id);
        return RestResponse.noContent();
    }

    private static Envelope.Resource<ApiKeyAttributes> resource(ApiKey key) {
        return new Envelope.Resource<>(key.id, ApiKeyAttributes.TYPE, ApiKeyAttributes.of(key, null));
    }
}
