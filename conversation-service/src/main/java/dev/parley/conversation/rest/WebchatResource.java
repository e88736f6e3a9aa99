package dev.parley.conversation.rest;

import dev.parley.conversation.Contact;
import dev.parley.conversation.Message;
import dev.parley.conversation.channel.WebchatHub;
import dev.parley.conversation.service.InboundService;
import dev.parley.conversation.service.WebchatService;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.RequestValues;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The webchat widget's API: open a visitor session (public, by webchat channel id), send messages, and receive the
 * bot's and agents' replies as server-sent events. The visitor token goes in {@code X-Webchat-Token} (or, for
 * EventSource, which cannot set headers, the {@code token} query parameter).
 */
@Path("/v1/webchat/sessions")
@PermitAll
@Tag(name = "Webchat")
public class WebchatResource {

    public record OpenRequest(String channelId, String name) {
    }

    public record SendRequest(String text, String buttonId, String clientMessageId) {
    }

    public record VisitorAttributes(String channelId, String visitorId, String name, String token, Instant createdAt) {
    }

    private final WebchatService webchat;
    private final WebchatHub hub;

    public WebchatResource(WebchatService webchat, WebchatHub hub) {
        this.webchat = webchat;
        this.hub = hub;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a visitor session", description = "Returns the visitor token once.")
    public Response open(OpenRequest body) {
        OpenRequest request = RequestValues.requiredBody(body);
        if (request.channelId() == null || request.channelId().isBlank()) {
            throw ProblemException.validation("channelId", "is required");
        }
        if (request.name() != null && request.name().length() > 200) {
            throw ProblemException.validation("name", "must be at most 200 characters");
        }
        WebchatService.VisitorSession session = webchat.open(request.channelId(), request.name());
        Contact c = session.contact();
        return Response.status(201).entity(Map.of("data", Map.of("id", c.id, "type", "webchat_session", "attributes",
                new VisitorAttributes(c.channelId, c.externalId, c.name, session.token(), c.createdAt)))).build();
    }

    @POST
    @Path("/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a visitor message")
    public Response send(@RestPath String id, @RestHeader("X-Webchat-Token") String token, SendRequest body) {
        Contact visitor = webchat.visitor(id, token);
        SendRequest request = RequestValues.requiredBody(body);
        if ((request.text() == null || request.text().isBlank()) && request.buttonId() == null) {
            throw ProblemException.validation("text", "text or buttonId is required");
        }
        if (request.text() != null && request.text().length() > 4096) {
            throw ProblemException.validation("text", "must be at most 4096 characters");
        }
        InboundService.Accepted accepted = webchat.send(visitor, request.clientMessageId(), request.text(),
                request.buttonId());
        return Response.accepted(Map.of("data", Map.of("conversationId", accepted.conversationId(), "duplicate",
                accepted.duplicate()))).build();
    }

    @GET
    @Path("/{id}/messages")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The visitor's current conversation")
    public Map<String, List<WebchatHub.WebchatMessage>> history(@RestPath String id,
            @RestHeader("X-Webchat-Token") String header, @RestQuery String token) {
        Contact visitor = webchat.visitor(id, header != null ? header : token);
        return Map.of("data", webchat.history(visitor).stream().map(WebchatResource::view).toList());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Replies as server-sent events")
    public Multi<WebchatHub.WebchatMessage> events(@RestPath String id, @RestHeader("X-Webchat-Token") String header,
            @RestQuery String token) {
        Contact visitor = webchat.visitor(id, header != null ? header : token);
        return hub.stream(visitor.id);
    }

    private static WebchatHub.WebchatMessage view(Message m) {
        return new WebchatHub.WebchatMessage(m.id, m.conversationId, m.sender.name(), m.text, null, m.createdAt);
    }
}
