package dev.parley.conversation.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.channel.InboundMessage;
import dev.parley.conversation.channel.InboundParsers;
import dev.parley.conversation.channel.Signatures;
import dev.parley.conversation.service.ChannelDirectory;
import dev.parley.conversation.service.InboundService;
import dev.parley.conversation.service.ResolvedChannel;
import dev.parley.events.bot.Channel;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Customer traffic from channels. Not authenticated with Parley credentials: each channel proves itself with its own
 * secret (an HMAC signature, WhatsApp's app secret, Telegram's secret token). Answers as soon as the message is
 * stored; the bot's reply follows through the channel. A channel that exists and serves no bot is answered 409
 * {@code CHANNEL_NOT_BOUND} on every endpoint, before its secret could be checked and with nothing stored, so the
 * platform's retries are answered once it is bound; an unknown one 404 {@code CHANNEL_NOT_FOUND}.
 */
@Path("/v1/inbound")
@PermitAll
@Tag(name = "Inbound channels")
public class InboundResource {

    public static final String SIGNATURE_HEADER = "X-Parley-Signature";

    public record Received(String conversationId, String contactId, boolean duplicate) {
    }

    /** How many messages a platform's webhook delivery carried. */
    public record ReceivedCount(int received) {
    }

    private final ChannelDirectory channels;
    private final InboundService inbound;
    private final ObjectMapper json;

    public InboundResource(ChannelDirectory channels, InboundService inbound, ObjectMapper json) {
        this.channels = channels;
        this.inbound = inbound;
        this.json = json;
    }

    @POST
    @Path("/{channelId}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A message on a generic webhook channel",
            description = "Body {messageId, from: {id, name}, text, buttonId}; header X-Parley-Signature: sha256=<hex "
                    + "HMAC-SHA256 of the body with the channel secret>. messageId and from.id are required, strings "
                    + "(an integer is taken as its digits) of at most 256 characters, as is buttonId; text (at most "
                    + "4096 characters) and from.name (at most 200) are strings; text or buttonId is required. A body "
                    + "that breaks these is a 400 VALIDATION_ERROR naming each field, and nothing of it is stored. A "
                    + "channel that exists and serves no bot is a 409 CHANNEL_NOT_BOUND, nothing stored.")
    public Response webhook(@RestPath String channelId, @RestHeader(SIGNATURE_HEADER) String signature, byte[] body) {
        ResolvedChannel channel = channels.require(channelId, Channel.Type.WEBHOOK);
        if (!Signatures.verify(channels.credentials(channel.channel()).secret(), body, signature)) {
            throw invalidSignature();
        }
        InboundService.Accepted accepted = inbound.receive(channel, InboundParsers.webhook(parse(body)));
        return Response.accepted(new Envelope.Single<>(new Received(accepted.conversationId(), accepted.contactId(),
                accepted.duplicate()))).build();
    }

    @GET
    @Path("/whatsapp/{channelId}")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "WhatsApp webhook verification", description = "Meta's handshake: echoes hub.challenge when hub.verify_token matches.")
    public Response whatsappVerify(@RestPath String channelId, @RestQuery("hub.mode") String mode,
            @RestQuery("hub.verify_token") String token, @RestQuery("hub.challenge") String challenge) {
        ResolvedChannel channel = channels.require(channelId, Channel.Type.WHATSAPP);
        String expected = channels.credentials(channel.channel()).verifyToken();
        if (!"subscribe".equals(mode) || !Signatures.same(expected, token) || challenge == null) {
            throw ProblemException.forbidden("INVALID_VERIFY_TOKEN", "The verify token does not match this channel.");
        }
        return Response.ok(challenge, MediaType.TEXT_PLAIN).build();
    }

    @POST
    @Path("/whatsapp/{channelId}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "WhatsApp Cloud API webhook", description = "Checked with X-Hub-Signature-256 (the app secret). A message "
            + "whose id or from is not a string of at most 256 characters, or whose text is not a string, is a 400 "
            + "VALIDATION_ERROR naming the field, and nothing of the delivery is stored.")
    public Response whatsapp(@RestPath String channelId, @RestHeader("X-Hub-Signature-256") String signature,
            byte[] body) {
        ResolvedChannel channel = channels.require(channelId, Channel.Type.WHATSAPP);
        if (!Signatures.verify(channels.credentials(channel.channel()).appSecret(), body, signature)) {
            throw invalidSignature();
        }
        JsonNode payload = parse(body);
        List<InboundService.Accepted> accepted = InboundParsers.whatsapp(payload).stream()
                .map(m -> inbound.receive(channel, m)).toList();
        inbound.platformStatuses(channel, InboundParsers.whatsappStatuses(payload));
        return Response.ok(new Envelope.Single<>(new ReceivedCount(accepted.size()))).build();
    }

    @POST
    @Path("/telegram/{channelId}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Telegram Bot API webhook", description = "Checked with X-Telegram-Bot-Api-Secret-Token. An update "
            + "without update_id, or whose ids are longer than 256 characters or whose text is not a string, is a 400 "
            + "VALIDATION_ERROR naming the field.")
    public Response telegram(@RestPath String channelId,
            @RestHeader("X-Telegram-Bot-Api-Secret-Token") String secretToken, byte[] body) {
        ResolvedChannel channel = channels.require(channelId, Channel.Type.TELEGRAM);
        if (!Signatures.same(channels.credentials(channel.channel()).webhookSecret(), secretToken)) {
            throw new ProblemException(401, "INVALID_SECRET_TOKEN", "Unauthorized",
                    "The secret token does not match this channel.");
        }
        InboundMessage message = InboundParsers.telegram(parse(body));
        if (message != null) {
            inbound.receive(channel, message);
        }
        return Response.ok(new Envelope.Single<>(new ReceivedCount(message == null ? 0 : 1))).build();
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ProblemException.badRequest("MALFORMED_JSON", "The request needs a JSON object body.");
            }
            return node;
        } catch (IOException e) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The body is not valid JSON.");
        }
    }

    private static ProblemException invalidSignature() {
        return new ProblemException(401, "INVALID_SIGNATURE", "Unauthorized",
                "The signature does not match the body and the channel's secret.");
    }
}
