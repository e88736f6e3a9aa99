package dev.parley.bot.rest;

import dev.parley.bot.ChannelConnection;
import dev.parley.bot.service.channels.ChannelService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.problem.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/bots/{botId}/channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channels")
public class BotChannelResource {

    private final ChannelService channels;
    private final IdempotentCreation idempotency;

    public BotChannelResource(ChannelService channels, IdempotentCreation idempotency) {
        this.channels = channels;
        this.idempotency = idempotency;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List the channels a bot serves")
    public Envelope.Listing<Envelope.Resource<ChannelAttributes>> list(@RestPath String botId, @BeanParam PageQuery paging) {
        return Envelope.list(channels.listForBot(botId, paging.request()).map(this::resource));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Bind a channel to the bot, or create one for it",
            description = "`{channelId}` binds an existing channel (200; 409 CHANNEL_ALREADY_BOUND when it serves another "
                    + "bot). Without `channelId`, the body is a new channel as for POST /v1/channels (`type`, `name`, "
                    + "`settings`, `credentials`), created and bound in one call (201, generated secrets shown once).")
    public Response bind(@RestPath String botId, @RestHeader(IdempotentCreation.HEADER) String idempotencyKey,
            ObjectNode body) {
        ObjectNode request = RequestValues.requiredBody(body);
        JsonNode channelId = request.get("channelId");
        if (channelId != null && !channelId.isNull()) {
            if (!channelId.isTextual() || channelId.asText().isBlank()) {
                throw ProblemException.validation("channelId", "must be a channel id");
            }
            if (request.size() > 1) {
                throw ProblemException.validation("channelId", "binds an existing channel: send it alone");
            }
            return idempotency.create(idempotencyKey, Map.of("bindChannel", botId, "channel", request), () -> {
                ChannelConnection c = channels.bind(botId, channelId.asText());
                return new IdempotentCreation.Created(200, URI.create("/v1/channels/" + c.id),
                        new Envelope.Single<>(resource(c)));
            });
        }
        if (request.has("botId")) {
            throw ProblemException.validation("botId", "is the bot of the path");
        }
        return idempotency.create(idempotencyKey, Map.of("createChannelFor", botId, "channel", request), () -> {
            ObjectNode create = request.deepCopy();
            create.put("botId", botId);
            ChannelService.SavedChannel saved = channels.createFor(botId, create);
            ChannelConnection c = saved.channel();
            return new IdempotentCreation.Created(URI.create("/v1/channels/" + c.id), Envelope.one(c.id,
                    ChannelAttributes.TYPE, ChannelAttributes.of(c, channels.decrypt(c.credentialsCiphertext),
                            saved.generatedCredentials())));
        });
    }

    @DELETE
    @Path("/{channelId}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Unbind a channel from the bot", description = "Emits channel.disconnected.")
    public RestResponse<Void> unbind(@RestPath String botId, @RestPath String channelId) {
        channels.unbind(botId, channelId);
        return RestResponse.noContent();
    }

    private Envelope.Resource<ChannelAttributes> resource(ChannelConnection c) {
        return new Envelope.Resource<>(c.id, ChannelAttributes.TYPE,
                ChannelAttributes.of(c, channels.decrypt(c.credentialsCiphertext), null));
    }
}
