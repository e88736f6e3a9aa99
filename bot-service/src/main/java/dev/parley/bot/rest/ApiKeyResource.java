package dev.parley.bot.rest;

import dev.parley.bot.ApiKey;
import dev.parley.bot.service.tenant.ApiKeyService;
import dev.parley.bot.service.tenant.IssuedApiKey;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
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
    private final IdempotentCreation idempotency;

    public ApiKeyResource(ApiKeyService keys, IdempotentCreation idempotency) {
        this.keys = keys;
        this.idempotency = idempotency;
    }

    @POST
    @Operation(summary = "Create an API key", description = "The `pk_…` secret is in this answer only; Parley keeps its hash.")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "read-only key",
            value = "{\"name\": \"Reporting\", \"scopes\": [\"bots:read\", \"conversations:read\"]}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, CreateApiKeyRequest body) {
        CreateApiKeyRequest request = RequestValues.requiredBody(body);
        // a replay answers with the same key (stored encrypted for the day), never a second one
        return idempotency.create(idempotencyKey, Map.of("apiKey", request), () -> {
            IssuedApiKey issued = keys.issue(request.name(), request.scopes(), request.expiresAt());
            return new IdempotentCreation.Created(URI.create("/v1/api-keys/" + issued.key().id),
                    Envelope.one(issued.key().id, ApiKeyAttributes.TYPE, ApiKeyAttributes.of(issued.key(), issued.secret())));
        });
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
