package dev.parley.conversation.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.Message;
import dev.parley.conversation.Note;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.service.ConversationService;
import dev.parley.platform.id.Ids;
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
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations")
public class ConversationResource {

    public record ConversationAttributes(String botId, String channelId, String channelType, String contactId,
            ConversationStatus status, String agentId, Integer rating, String feedbackComment, boolean handedOff,
            Instant lastMessageAt, Instant closedAt, Instant createdAt, Instant updatedAt) {
    }

    public record MessageAttributes(String conversationId, String direction, String sender, String agentId,
            String text, JsonNode buttons, String intent, JsonNode metadata, String channelMessageId, String deliveryStatus,
            int deliveryAttempts, String deliveryError, Instant createdAt) {
    }

    public record FeedbackRequest(Integer rating, String comment) {
    }

    /**
     * {@code agentId}: the agent ({@code agt_…}, one of the tenant's, as routing-service knows them) who writes; omitted:
     * the agent routing assigned the conversation to.
     */
    public record ReplyRequest(String text, String agentId) {
    }

    public record NoteRequest(String text, String agentId) {
    }

    public record NoteAttributes(String conversationId, String text, String agentId, String createdBy, Instant createdAt) {
    }

    /**
     * What an Idempotency-Key's request is recognised by: the operation, the conversation and the body (a record, so
     * the same request reads the same on every replica; a key reused elsewhere is IDEMPOTENCY_KEY_REUSED).
     */
    private record Creation(String operation, String conversationId, Object request) {
    }

    private final ConversationService conversations;
    private final IdempotentCreation idempotency;
    private final ObjectMapper json;

    public ConversationResource(ConversationService conversations, IdempotentCreation idempotency, ObjectMapper json) {
        this.conversations = conversations;
        this.idempotency = idempotency;
        this.json = json;
    }

    @GET
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    @Operation(summary = "List conversations",
            description = "Newest first; filter by botId, channelId, status, contactId and creation time (from inclusive, to exclusive, ISO-8601).")
    public Envelope.Listing<Envelope.Resource<ConversationAttributes>> list(@RestQuery String botId,
            @RestQuery String channelId, @RestQuery String status, @RestQuery String contactId, @RestQuery String from,
            @RestQuery String to, @BeanParam PageQuery paging) {
        ConversationRepository.Filter filter = new ConversationRepository.Filter(RequestValues.blankToNull(botId),
                RequestValues.blankToNull(channelId), RequestValues.optionalEnum(ConversationStatus.class, "status", status),
                RequestValues.blankToNull(contactId), instant("from", from), instant("to", to));
        return Envelope.list(conversations.list(filter, paging.request())
                .map(ConversationResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    @Operation(summary = "Get a conversation")
    public Envelope.Single<Envelope.Resource<ConversationAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(conversations.get(id)));
    }

    @GET
    @Path("/{id}/messages")
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    @Operation(summary = "A conversation's messages", description = "Oldest first, paged; outbound ones with their "
            + "delivery status. `after` (a message id of this conversation): only the messages stored after it, so a "
            + "reader that polls (the agent desk) fetches only what is new.")
    public Envelope.Listing<Envelope.Resource<MessageAttributes>> messages(@RestPath String id, @RestQuery String after,
            @BeanParam PageQuery paging) {
        return Envelope.list(conversations.messages(id, RequestValues.blankToNull(after), paging.request())
                .map(this::message));
    }

    @POST
    @Path("/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.CONVERSATIONS_WRITE)
    @Operation(summary = "An agent's reply", description = "Delivered to the contact on the conversation's channel. "
            + "Recorded with `agentId` (an `agt_…` id of an agent of the tenant, checked with routing-service: another "
            + "tenant's or an unknown one is a VALIDATION_ERROR, routing-service unreachable a 503 "
            + "ROUTING_SERVICE_UNAVAILABLE), or else the agent routing assigned the conversation to. "
            + "Accepts Idempotency-Key: a retry with the same key is answered with the first reply, which is sent once.")
    public Response reply(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, @RestPath String id,
            ReplyRequest body) {
        ReplyRequest request = RequestValues.requiredBody(body);
        String text = text(request.text());
        String agentId = agentId(request.agentId());
        conversations.requireAgent(agentId);
        return idempotency.create(idempotencyKey, new Creation("reply", id, request), () -> {
            Message m = conversations.agentReply(id, text, agentId);
            return new IdempotentCreation.Created(URI.create("/v1/conversations/" + m.conversationId + "/messages/" + m.id),
                    new Envelope.Single<>(message(m)));
        });
    }

    @GET
    @Path("/{id}/notes")
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    @Operation(summary = "A conversation's private notes", description = "Oldest first, paged. Notes are for the "
            + "tenant's people: never delivered to the contact, never in the contact's history or events.")
    public Envelope.Listing<Envelope.Resource<NoteAttributes>> notes(@RestPath String id, @BeanParam PageQuery paging) {
        return Envelope.list(conversations.notes(id, paging.request()).map(ConversationResource::note));
    }

    @POST
    @Path("/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.CONVERSATIONS_WRITE)
    @Operation(summary = "Write a private note", description = "`text` (up to 4096 characters), optional `agentId` "
            + "(`agt_…`) of the writer, an agent of the tenant (checked with routing-service as for a reply). Accepts "
            + "Idempotency-Key.")
    public Response addNote(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, @RestPath String id,
            NoteRequest body) {
        NoteRequest request = RequestValues.requiredBody(body);
        String text = text(request.text());
        String agentId = agentId(request.agentId());
        conversations.requireAgent(agentId);
        return idempotency.create(idempotencyKey, new Creation("note", id, request), () -> {
            Note note = conversations.addNote(id, text, agentId);
            return new IdempotentCreation.Created(URI.create("/v1/conversations/" + note.conversationId + "/notes/" + note.id),
                    new Envelope.Single<>(note(note)));
        });
    }

    private static String text(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.validation("text", "is required");
        }
        if (text.length() > 4096) {
            throw ProblemException.validation("text", "must be at most 4096 characters");
        }
        return text;
    }

    private static String agentId(String raw) {
        String value = RequestValues.blankToNull(raw);
        if (value != null && !Ids.looksLike("agt", value)) {
            throw ProblemException.validation("agentId", "must be an agent id (agt_…)");
        }
        return value;
    }

    @POST
    @Path("/{id}/close")
    @RolesAllowed(Scopes.CONVERSATIONS_WRITE)
    @Operation(summary = "Close a conversation")
    public Envelope.Single<Envelope.Resource<ConversationAttributes>> close(@RestPath String id) {
        return new Envelope.Single<>(resource(conversations.close(id)));
    }

    @POST
    @Path("/{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.CONVERSATIONS_WRITE)
    @Operation(summary = "Rate a conversation", description = "rating 1–5, optional comment (up to 2000 characters). "
            + "Accepts Idempotency-Key: a retry with the same key is answered as the first time and records nothing; "
            + "the same rating and comment again, with or without a key, change nothing.")
    public Response feedback(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, @RestPath String id,
            FeedbackRequest body) {
        FeedbackRequest request = RequestValues.requiredBody(body);
        if (request.rating() == null || request.rating() < 1 || request.rating() > 5) {
            throw ProblemException.validation("rating", "must be between 1 and 5");
        }
        if (request.comment() != null && request.comment().length() > 2000) {
            throw ProblemException.validation("comment", "must be at most 2000 characters");
        }
        return idempotency.create(idempotencyKey, new Creation("feedback", id, request), () -> {
            // the stored conversation's id, not the path's: a path no conversation has fails on the lookup, as a 404
            Conversation rated = conversations.feedback(id, request.rating(), request.comment());
            return new IdempotentCreation.Created(200, URI.create("/v1/conversations/" + rated.id),
                    new Envelope.Single<>(resource(rated)));
        });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.CONVERSATIONS_WRITE)
    @Operation(summary = "Erase a conversation", description = "Its messages, its bot session and the contact's data.")
    public Response delete(@RestPath String id) {
        conversations.delete(id);
        return Response.noContent().build();
    }

    private static Instant instant(String field, String raw) {
        String value = RequestValues.blankToNull(raw);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(field, "must be an ISO-8601 instant such as 2026-11-21T10:00:00Z");
        }
    }

    static Envelope.Resource<ConversationAttributes> resource(Conversation c) {
        return new Envelope.Resource<>(c.id, "conversation", new ConversationAttributes(c.botId, c.channelId,
                c.channelType, c.contactId, c.status, c.agentId, c.rating, c.feedbackComment, c.handedOff,
                c.lastMessageAt, c.closedAt, c.createdAt, c.updatedAt));
    }

    static Envelope.Resource<NoteAttributes> note(Note n) {
        return new Envelope.Resource<>(n.id, "note", new NoteAttributes(n.conversationId, n.text, n.agentId, n.createdBy,
                n.createdAt));
    }

    Envelope.Resource<MessageAttributes> message(Message m) {
        return new Envelope.Resource<>(m.id, "message", new MessageAttributes(m.conversationId, m.direction.name(),
                m.sender.name(), m.agentId, m.text, tree(m.buttons), m.intent, tree(m.metadata), m.channelMessageId,
                m.deliveryStatus == null ? null : m.deliveryStatus.name(), m.deliveryAttempts, m.deliveryError,
                m.createdAt));
    }

    private JsonNode tree(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return json.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }
}
