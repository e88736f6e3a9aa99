package dev.parley.llm.rest;

import dev.parley.llm.Integration;
import dev.parley.llm.service.integration.IntegrationChanges;
import dev.parley.llm.service.integration.IntegrationService;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Provider integrations. The API key is write-only: answers show only its last four characters. */
@Path("/v1/integrations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Integrations")
public class IntegrationResource {

    public record IntegrationAttributes(String name, String provider, String baseUrl, String apiKeyLast4, String botId,
            String defaultModel, List<String> fallbackModels, boolean enabled, int consecutiveFailures, String lastError,
            Instant lastFailureAt, Instant createdAt, Instant updatedAt) {
    }

    static final String TYPE = "integration";

    private final IntegrationService integrations;
    private final IdempotentCreation idempotency;

    public IntegrationResource(IntegrationService integrations, IdempotentCreation idempotency) {
        this.integrations = integrations;
        this.idempotency = idempotency;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Connect a provider", description = "`apiKey` is stored encrypted and never returned.")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "openai",
            value = "{\"name\": \"OpenAI\", \"provider\": \"openai\", \"apiKey\": \"sk-example\", \"defaultModel\": \"gpt-4o-mini\", \"fallbackModels\": [\"gpt-4o\"], \"enabled\": false}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, IntegrationChanges body) {
        IntegrationChanges request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, fingerprintable(request), () -> {
            Integration created = integrations.create(request);
            return new IdempotentCreation.Created(URI.create("/v1/integrations/" + created.id),
                    new Envelope.Single<>(resource(created)));
        });
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List integrations", description = "`botId` narrows to one bot's integrations.")
    public Envelope.Listing<Envelope.Resource<IntegrationAttributes>> list(@RestQuery String botId,
            @RestQuery String provider, @BeanParam PageQuery paging) {
        return Envelope.list(integrations.list(RequestValues.blankToNull(botId), RequestValues.blankToNull(provider),
                paging.request()).map(IntegrationResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get an integration")
    public Envelope.Single<Envelope.Resource<IntegrationAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(integrations.get(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Change an integration", description = "Fields left out stay; a new `apiKey` replaces the old.")
    public Envelope.Single<Envelope.Resource<IntegrationAttributes>> update(@RestPath String id, IntegrationChanges body) {
        return new Envelope.Single<>(resource(integrations.update(id, RequestValues.requiredBody(body))));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Remove an integration")
    public RestResponse<Void> delete(@RestPath String id) {
        integrations.delete(id);
        return RestResponse.noContent();
    }

    /** The idempotency fingerprint must not keep the provider key: only whether one was sent and its tail. */
    private static IntegrationChanges fingerprintable(IntegrationChanges request) {
        String key = request.apiKey();
        String masked = key == null ? null : "len" + key.length() + ":" + (key.length() > 4 ? key.substring(key.length() - 4) : "");
        return new IntegrationChanges(request.name(), request.provider(), request.baseUrl(), masked, request.botId(),
                request.defaultModel(), request.fallbackModels(), request.enabled());
    }

    private static Envelope.Resource<IntegrationAttributes> resource(Integration i) {
        return new Envelope.Resource<>(i.id, TYPE, new IntegrationAttributes(i.name, i.provider, i.baseUrl,
                i.apiKeyLast4 == null ? null : "…" + i.apiKeyLast4, i.botId, i.defaultModel, i.fallbackModels, i.enabled,
                i.consecutiveFailures, i.lastError, i.lastFailureAt, i.createdAt, i.updatedAt));
    }
}
