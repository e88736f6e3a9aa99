package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotPart;
import dev.parley.bot.service.parts.BotPartService;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The API of one kind of bot part under {@code /v1/bots/{botId}/<kind>}: list (highest priority first), get, create
 * (with {@code Idempotency-Key}), replace, merge-patch and delete; each change republishes the bot.
 */
public abstract class BotPartResource<P extends BotPart<D>, D, A> {

    private final BotPartService<P, D> parts;
    private final IdempotentCreation idempotency;
    private final String pathSegment;
    private final String idempotencyScope;
    private final String type;
    private final Function<P, A> attributes;

    /** {@code pathSegment}: {@code keyword-rules}; {@code idempotencyScope}: what a creation's key is remembered under. */
    protected BotPartResource(BotPartService<P, D> parts, IdempotentCreation idempotency, String pathSegment,
            String idempotencyScope, String type, Function<P, A> attributes) {
        this.parts = parts;
        this.idempotency = idempotency;
        this.pathSegment = pathSegment;
        this.idempotencyScope = idempotencyScope;
        this.type = type;
        this.attributes = attributes;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List them", description = "Highest priority first; paginated.")
    public Envelope.Listing<Envelope.Resource<A>> list(@RestPath String botId, @BeanParam PageQuery paging) {
        return Envelope.list(parts.list(botId, paging.request()).map(this::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get one")
    public Envelope.Single<Envelope.Resource<A>> get(@RestPath String botId, @RestPath String id) {
        return new Envelope.Single<>(resource(parts.get(botId, id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create one", description = "Republishes the bot.")
    public Response create(@RestPath String botId, @RestHeader(IdempotentCreation.HEADER) String idempotencyKey,
            ObjectNode body) {
        ObjectNode request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, Map.of(idempotencyScope, botId, "body", request), () -> {
            P part = parts.create(botId, request);
            return new IdempotentCreation.Created(URI.create("/v1/bots/" + botId + "/" + pathSegment + "/" + part.id),
                    new Envelope.Single<>(resource(part)));
        });
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Replace one")
    public Envelope.Single<Envelope.Resource<A>> replace(@RestPath String botId, @RestPath String id, ObjectNode body) {
        return new Envelope.Single<>(resource(parts.update(botId, id, RequestValues.requiredBody(body), true)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Update one", description = "A JSON merge patch.")
    public Envelope.Single<Envelope.Resource<A>> update(@RestPath String botId, @RestPath String id, ObjectNode body) {
        return new Envelope.Single<>(resource(parts.update(botId, id, RequestValues.requiredBody(body), false)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete one")
    public RestResponse<Void> delete(@RestPath String botId, @RestPath String id) {
        parts.delete(botId, id);
        return RestResponse.noContent();
    }

    private Envelope.Resource<A> resource(P part) {
        return new Envelope.Resource<>(part.id, type, attributes.apply(part));
    }
}
