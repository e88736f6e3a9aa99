package dev.parley.bot.rest;

import dev.parley.bot.ChannelConnection;
import dev.parley.bot.service.channels.ChannelService;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/bots/{botId}/channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channels")
public class BotChannelResource {

    public record BindRequest(String channelId) {
    }

    private final ChannelService channels;

    public BotChannelResource(ChannelService channels) {
        this.channels = channels;
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
    @Operation(summary = "Bind a channel to the bot", description = "409 CHANNEL_ALREADY_BOUND when it serves another bot.")
    public Envelope.Single<Envelope.Resource<ChannelAttributes>> bind(@RestPath String botId, BindRequest body) {
        String channelId = body == null ? null : RequestValues.blankToNull(body.channelId());
        if (channelId == null) {
            throw ProblemException.validation("channelId", "is required");
        }
        return new Envelope.Single<>(resource(channels.bind(botId, channelId)));
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
