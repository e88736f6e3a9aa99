package dev.parley.conversation.rest;

import dev.parley.conversation.Contact;
import dev.parley.conversation.channel.WebchatHub;
import dev.parley.conversation.channel.WebchatMessage;
import dev.parley.conversation.repository.ContactRepository;
import dev.parley.conversation.service.InboundService;
import dev.parley.conversation.service.ResolvedChannel;
import dev.parley.conversation.service.WebchatService;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.RequestValues;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The webchat widget's API: the channel's widget settings, open a visitor session (public, by webchat channel id),
 * send messages, read the history, and receive the bot's and agents' replies as server-sent events. The visitor token
 * goes in {@code X-Webchat-Token} (or, for EventSource, which cannot set headers, the {@code token} query parameter).
 * Pages of origins the channel does not allow are refused (403 {@code ORIGIN_NOT_ALLOWED}; CORS in {@link WebchatCors}).
 */
@Path("/v1/webchat")
@PermitAll
@Tag(name = "Webchat")
public class WebchatResource {

    public record OpenRequest(String channelId, String name, String userId, String userHash) {
    }

    public record SendRequest(String text, String buttonId, String clientMessageId) {
    }

    public record Accepted(String conversationId, boolean duplicate) {
    }

    public record VisitorAttributes(String channelId, String visitorId, String name, String token, Instant createdAt) {
    }

    public record HistoryMeta(WebchatHub.WebchatState conversation, String lastEventId) {
    }

    public record HistoryPage(List<WebchatMessage> data, HistoryMeta meta) {
    }

    private final WebchatService webchat;
    private final WebchatHub hub;

    public WebchatResource(WebchatService webchat, WebchatHub hub) {
        this.webchat = webchat;
        this.hub = hub;
    }

    @GET
    @Path("/channels/{channelId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The widget's settings", description = "Title, colours, position, avatar, welcome text, "
            + "the bot's language and greeting: what the widget shows before the first message.")
    public Map<String, Object> settings(@RestPath String channelId, @Context HttpServerRequest request) {
        ResolvedChannel channel = webchat.channel(channelId, request.getHeader("Origin"), ownOrigin(request));
        return Map.of("data", Map.of("id", channelId, "type", "webchat_channel", "attributes", webchat.settings(channel)));
    }

    @POST
    @Path("/sessions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a visitor session", description = "Returns the visitor token once. With userId and "
            + "userHash (hex HMAC-SHA256 of userId with the channel's identity secret) the website's user gets the "
            + "same session on every device. A channel that exists and serves no bot is a 409 CHANNEL_NOT_BOUND (nothing is "
            + "stored); an unknown one a 404 CHANNEL_NOT_FOUND.")
    public Response open(OpenRequest body, @Context HttpServerRequest http) {
        OpenRequest request = RequestValues.requiredBody(body);
        if (request.channelId() == null || request.channelId().isBlank()) {
            throw ProblemException.validation("channelId", "is required");
        }
        if (request.name() != null && request.name().length() > 200) {
            throw ProblemException.validation("name", "must be at most 200 characters");
        }
        if (request.userId() != null && (request.userId().isBlank() || request.userId().length() > 200)) {
            throw ProblemException.validation("userId", "must be 1 to 200 characters");
        }
        if (request.userId() == null && request.userHash() != null) {
            throw ProblemException.validation("userId", "is required with userHash");
        }
        ResolvedChannel channel = webchat.channel(request.channelId(), http.getHeader("Origin"), ownOrigin(http));
        WebchatService.VisitorSession session = webchat.open(channel, request.name(), request.userId(), request.userHash());
        Contact c = session.contact();
        return Response.status(201).entity(Envelope.one(c.id, "webchat_session",
                new VisitorAttributes(c.channelId, c.externalId, c.name, session.token(), c.createdAt))).build();
    }

    @POST
    @Path("/sessions/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a visitor message")
    public Response send(@RestPath String id, @RestHeader("X-Webchat-Token") String token, SendRequest body,
            @Context HttpServerRequest http) {
        ContactRepository.Visitor visitor = visitor(id, token, http);
        SendRequest request = RequestValues.requiredBody(body);
        if ((request.text() == null || request.text().isBlank()) && request.buttonId() == null) {
            throw ProblemException.validation("text", "text or buttonId is required");
        }
        if (request.text() != null && request.text().length() > 4096) {
            throw ProblemException.validation("text", "must be at most 4096 characters");
        }
        if (request.clientMessageId() != null && request.clientMessageId().length() > 100) {
            throw ProblemException.validation("clientMessageId", "must be at most 100 characters");
        }
        InboundService.Accepted accepted = webchat.send(visitor, request.clientMessageId(), request.text(),
                request.buttonId());
        return Response.accepted(new Envelope.Single<>(new Accepted(accepted.conversationId(), accepted.duplicate()))).build();
    }

    @GET
    @Path("/sessions/{id}/messages")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The visitor's current conversation", description = "Messages with their buttons, oldest "
            + "first; meta.lastEventId is where the event stream continues.")
    public HistoryPage history(@RestPath String id, @RestHeader("X-Webchat-Token") String header,
            @RestQuery String token, @Context HttpServerRequest http) {
        ContactRepository.Visitor visitor = visitor(id, header != null ? header : token, http);
        WebchatService.History history = webchat.history(visitor);
        return new HistoryPage(history.messages(),
                new HistoryMeta(history.conversation(), Long.toString(history.lastEventId())));
    }

    @GET
    @Path("/sessions/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "Replies as server-sent events", description = "Event `message` (id = the message's seq) for "
            + "every bot and agent reply, `conversation` when the conversation changes hands. A reconnecting stream "
            + "sends Last-Event-ID (or lastEventId) and gets everything after it.")
    public void events(@RestPath String id, @RestHeader("X-Webchat-Token") String header, @RestQuery String token,
            @RestHeader("Last-Event-ID") String lastEventIdHeader, @RestQuery String lastEventId,
            @Context HttpServerRequest http, @Context SseEventSink sink, @Context Sse sse) {
        ContactRepository.Visitor visitor = visitor(id, header != null ? header : token, http);
        hub.open(visitor.id(), eventId(lastEventIdHeader != null ? lastEventIdHeader : lastEventId), sink, sse);
    }

    private ContactRepository.Visitor visitor(String id, String token, HttpServerRequest http) {
        ContactRepository.Visitor visitor = webchat.visitor(id, token);
        webchat.channel(visitor.channelId(), http.getHeader("Origin"), ownOrigin(http));
        return visitor;
    }

    private static Long eventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null; // not one of ours: start from now
        }
    }

    static String ownOrigin(HttpServerRequest request) {
        return ownOrigin(request.getHeader("X-Forwarded-Proto"), request.scheme(), request.getHeader("X-Forwarded-Host"),
                request.getHeader("Host"));
    }

    /** The platform's own origin as the browser sees it (behind the gateway: the forwarded host). */
    static String ownOrigin(String forwardedProto, String scheme, String forwardedHost, String host) {
        String h = forwardedHost != null ? forwardedHost.split(",")[0].trim() : host;
        if (h == null) {
            return null;
        }
        String proto = forwardedProto != null ? forwardedProto.split(",")[0].trim() : scheme;
        return proto + "://" + h;
    }
}
