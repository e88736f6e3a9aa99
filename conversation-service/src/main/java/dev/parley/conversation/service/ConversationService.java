package dev.parley.conversation.service;

import dev.parley.conversation.Contact;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.Message;
import dev.parley.conversation.Note;
import dev.parley.conversation.client.RoutingServiceClient;
import dev.parley.conversation.messaging.ConversationEvents;
import dev.parley.conversation.repository.ContactRepository;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.conversation.repository.NoteRepository;
import dev.parley.conversation.repository.SessionRepository;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.platform.transaction.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Objects;

/** Conversations as tenants see and manage them: lists, messages, closing, feedback, erasure, agents' replies. */
@ApplicationScoped
public class ConversationService {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final NoteRepository notes;
    private final SessionRepository sessions;
    private final ContactRepository contacts;
    private final ConversationEvents events;
    private final ConversationLanes lanes;
    private final DeliveryService delivery;
    private final CurrentCaller caller;
    private final AfterCommit afterCommit;
    private final RoutingServiceClient routing;

    public ConversationService(ConversationRepository conversations, MessageRepository messages,
            NoteRepository notes, SessionRepository sessions, ContactRepository contacts, ConversationEvents events, ConversationLanes lanes,
            DeliveryService delivery, CurrentCaller caller, AfterCommit afterCommit, RoutingServiceClient routing) {
        this.conversations = conversations;
        this.messages = messages;
        this.notes = notes;
        this.sessions = sessions;
        this.contacts = contacts;
        this.events = events;
        this.lanes = lanes;
        this.delivery = delivery;
        this.caller = caller;
        this.afterCommit = afterCommit;
        this.routing = routing;
    }

    @Transactional
    public Page<Conversation> list(ConversationRepository.Filter filter, PageRequest page) {
        return conversations.search(caller.tenantId(), filter, page);
    }

    @Transactional
    public Conversation get(String id) {
        return owned(id);
    }

    /** {@code after} (a message id of this conversation, or null): only the messages stored after that one. */
    @Transactional
    public Page<Message> messages(String conversationId, String after, PageRequest page) {
        owned(conversationId);
        Long afterSeq = null;
        if (after != null) {
            Message from = messages.findOwned(caller.tenantId(), after)
                    .filter(m -> m.conversationId.equals(conversationId))
                    .orElseThrow(() -> ProblemException.validation("after", "must be a message of this conversation"));
            afterSeq = from.seq;
        }
        return messages.ofConversation(caller.tenantId(), conversationId, afterSeq, page);
    }

    @Transactional
    public Page<Note> notes(String conversationId, PageRequest page) {
        owned(conversationId);
        return notes.ofConversation(caller.tenantId(), conversationId, page);
    }

    /**
     * Refuses an {@code agentId} that is not an agent of the caller's tenant (a made-up one, another tenant's), as
     * routing-service, which owns agents, answers: a 400 naming {@code agentId}. None named ({@code null}) passes
     * unasked. Called before the reply or note is created, outside its transaction: routing-service unreachable is a
     * 503 {@code ROUTING_SERVICE_UNAVAILABLE}, and nothing is stored.
     */
    public void requireAgent(String agentId) {
        if (agentId != null && !routing.agentExists(caller.tenantId(), agentId)) {
            throw ProblemException.validation("agentId", "is not an agent of this tenant");
        }
    }

    /** A private note: stored for the tenant's people, never delivered to the contact, no event. */
    @Transactional
    public Note addNote(String conversationId, String text, String agentId) {
        Conversation c = owned(conversationId);
        Note note = new Note();
        note.id = Ids.generate("note");
        note.tenantId = c.tenantId;
        note.conversationId = c.id;
        note.text = text;
        note.agentId = agentId;
        note.createdBy = caller.subject();
        notes.persist(note);
        return note;
    }

    /** Closing twice is harmless: the second call finds it closed. */
    @Transactional
    public Conversation close(String id) {
        Conversation c = lockedOwned(id);
        if (c.status != ConversationStatus.CLOSED) {
            c.status = ConversationStatus.CLOSED;
            c.closedAt = Instant.now();
            c.updatedAt = c.closedAt;
            events.closed(c, messages.countOf(c.id));
        }
        return c;
    }

    /** The same rating and comment again (a retry) change nothing and publish nothing. */
    @Transactional
    public Conversation feedback(String id, int rating, String comment) {
        Conversation c = lockedOwned(id);
        if (Objects.equals(c.rating, rating) && Objects.equals(c.feedbackComment, comment)) {
            return c;
        }
        c.rating = rating;
        c.feedbackComment = comment;
        c.touch();
        events.feedback(c);
        return c;
    }

    /**
     * Erases the conversation, its messages and session, and the contact unless other conversations still need it;
     * {@code conversation.deleted} goes out with the erasure (routing ends the conversation's open transfer).
     */
    @Transactional
    public void delete(String id) {
        Conversation c = lockedOwned(id);
        String contactId = c.contactId;
        events.deleted(c);
        messages.delete("conversationId", c.id);
        notes.delete("conversationId", c.id);
        sessions.delete("conversationId", c.id);
        conversations.delete(c);
        if (contactId != null && conversations.count("contactId", contactId) == 0) {
            contacts.deleteById(contactId);
        } else if (contactId != null) {
            Contact contact = contacts.findById(contactId);
            contact.name = null;
        }
    }

    /**
     * An agent's message to the contact, delivered like the bot's. It is recorded with the agent ({@code agt_…}):
     * the one named in the request, else the one routing assigned the conversation to; never the sign-in's name.
     * Stored in the caller's transaction (with its Idempotency-Key), and delivered once that commits.
     */
    @Transactional
    public Message agentReply(String conversationId, String text, String agentId) {
        Conversation c = lockedOwned(conversationId);
        if (c.status == ConversationStatus.CLOSED) {
            throw ProblemException.conflict("CONVERSATION_CLOSED", "Conversation " + conversationId + " is closed.");
        }
        Instant now = Instant.now();
        Message out = ConversationProcessor.outbound(c, text, now);
        out.sender = Message.Sender.agent;
        out.agentId = agentId != null ? agentId : c.agentId;
        messages.persist(out);
        c.lastMessageAt = now;
        c.updatedAt = now;
        events.sent(c, out, null);
        afterCommit.run(() -> lanes.submit(conversationId, () -> delivery.deliver(conversationId)));
        return out;
    }

    private Conversation owned(String id) {
        return conversations.findOwned(caller.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    private Conversation lockedOwned(String id) {
        return conversations.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("CONVERSATION_NOT_FOUND", "Conversation " + id + " does not exist.");
    }
}
