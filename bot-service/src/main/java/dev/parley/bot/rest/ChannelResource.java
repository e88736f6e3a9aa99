package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.ChannelConnection;
import dev.parley.bot.service.channels.ChannelService;
import dev.parley.events.bot.Channel;
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
import java.util.Map;
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

@Path("/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channels")
public class ChannelResource {

    /** Why a channel is disconnected. */
    public record DisconnectRequest(String reason) {
    }

    private final ChannelService channels;
    private final IdempotentCreation idempotency;

    public ChannelResource(ChannelService channels, IdempotentCreation idempotency) {
        this.channels = channels;
        this.idempotency = idempotency;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List channels", description = "Filter by `type` and `botId`; paginated.")
    public Envelope.Listing<Envelope.Resource<ChannelAttributes>> list(@BeanParam PageQuery paging, @RestQuery String type, @RestQuery String botId) {
        return Envelope.list(channels.list(RequestValues.optionalEnum(Channel.Type.class, "type", type),
                RequestValues.blankToNull(botId), paging.request()).map(this::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get a channel", description = "Credentials are write-only: only their names are shown.")
    public Envelope.Single<Envelope.Resource<ChannelAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(channels.get(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create a channel", description = "`type` webchat, whatsapp (settings.phoneNumberId; credentials "
            + "accessToken, appSecret, verifyToken), telegram (credentials botToken, webhookSecret) or webhook "
            + "(settings.outboundUrl through the outbound guard; credentials secret). Secrets left out are generated and "
            + "shown once in `generatedCredentials`. `botId` binds it at once.")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "webchat channel",
            value = "{\"type\": \"webchat\", \"name\": \"Website\", \"settings\": {\"title\": \"Acme help\", \"welcomeText\": \"Ask us anything.\"}}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, ObjectNode body) {
        ObjectNode request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, Map.of("channel", request), () -> {
            ChannelService.SavedChannel saved = channels.create(request);
            ChannelConnection c = saved.channel();
            return new IdempotentCreation.Created(URI.create("/v1/channels/" + c.id), Envelope.one(c.id, ChannelAttributes.TYPE,
                    ChannelAttributes.of(c, channels.decrypt(c.credentialsCiphertext), saved.generatedCredentials())));
        });
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Update a channel", description = "`name`; `settings` merge (null removes); `credentials`, when "
            + "sent, replace the stored ones. Republishes the bound bot.")
    public Envelope.Single<Envelope.Resource<ChannelAttributes>> update(@RestPath String id, ObjectNode body) {
        return new Envelope.Single<>(resource(channels.update(id, RequestValues.requiredBody(body))));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete a channel", description = "A bound channel is unbound first (channel.disconnected).")
    public RestResponse<Void> delete(@RestPath String id) {
        channels.delete(id);
        return RestResponse.noContent();
    }

    @POST
    @Path("/{id}/disconnect")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Disconnect a channel", description = "It stops serving its bot (the binding stays); emits channel.disconnected.")
    public Envelope.Single<Envelope.Resource<ChannelAttributes>> disconnect(@RestPath String id, DisconnectRequest body) {
        return new Envelope.Single<>(resource(channels.disconnect(id, body == null ? null : RequestValues.blankToNull(body.reason()))));
    }

    @POST
    @Path("/{id}/connect")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Reconnect a bound channel")
    public Envelope.Single<Envelope.Resource<ChannelAttributes>> connect(@RestPath String id) {
        return new Envelope.Single<>(resource(channels.connect(id)));
    }

    Envelope.Resource<ChannelAttributes> resource(ChannelConnection c) {
        return new Envelope.Resource<>(c.id, ChannelAttributes.TYPE,
                ChannelAttributes.of(c, channels.decrypt(c.credentialsCiphertext), null));
    }
}
