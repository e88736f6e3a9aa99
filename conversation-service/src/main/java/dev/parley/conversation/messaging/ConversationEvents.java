package dev.parley.conversation.messaging;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.Message;
import dev.parley.events.Topics;
import dev.parley.events.conversation.ContactPanel;
import dev.parley.events.conversation.ConversationEvent;
import dev.parley.events.conversation.FeedbackReceived;
import dev.parley.events.conversation.HandoffRequested;
import dev.parley.events.conversation.MessageEvent;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Everything that happens to conversations, on {@code parley.conversations} (key = conversation id) through the outbox. */
@ApplicationScoped
public class ConversationEvents {

    private final Outbox outbox;

    public ConversationEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void started(Conversation c, String contactName) {
        outbox.publish(startedEvent(c, contactName));
    }

    private static OutgoingEvent startedEvent(Conversation c, String contactName) {
        return event(c, ConversationEvent.STARTED, new ConversationEvent(c.tenantId, c.id, c.botId, c.channelId,
                c.channelType, c.contactId, "open", c.createdAt, null, null, null, null, contactName));
    }

    public void closed(Conversation c, long messageCount) {
        publish(c, ConversationEvent.CLOSED, new ConversationEvent(c.tenantId, c.id, c.botId, c.channelId, c.channelType,
                c.contactId, "closed", c.createdAt, c.closedAt, (int) messageCount,
                Duration.between(c.createdAt, c.closedAt).toSeconds(), c.handedOff, null));
    }

    /**
     * The conversation was erased: routing ends its open transfer (as on close) and forgets it. Its ids only, never the
     * contact's name; in the deleting transaction.
     */
    public void deleted(Conversation c) {
        publish(c, ConversationEvent.DELETED, new ConversationEvent(c.tenantId, c.id, c.botId, c.channelId, c.channelType,
                c.contactId, "deleted", null, null, null, null, null, null));
    }

    public void received(Conversation c, Message m) {
        outbox.publish(receivedEvent(c, m));
    }

    private static OutgoingEvent receivedEvent(Conversation c, Message m) {
        return event(c, MessageEvent.RECEIVED, new MessageEvent(c.tenantId, c.id, m.id, c.botId, c.channelId,
                c.contactId, m.sender.name(), m.text, null, null, m.createdAt));
    }

    public void sent(Conversation c, Message m, Instant inReplyToReceivedAt) {
        outbox.publish(sentEvent(c, m, inReplyToReceivedAt));
    }

    private static OutgoingEvent sentEvent(Conversation c, Message m, Instant inReplyToReceivedAt) {
        Long responseTime = inReplyToReceivedAt == null ? null
                : Duration.between(inReplyToReceivedAt, m.createdAt).toMillis();
        return event(c, MessageEvent.SENT, new MessageEvent(c.tenantId, c.id, m.id, c.botId, c.channelId, c.contactId,
                m.sender.name(), m.text, m.intent, responseTime, m.createdAt));
    }

    public void handoffRequested(Conversation c, String teamId, String reason, String notes) {
        handoffRequested(c, teamId, null, reason, notes);
    }

    /** The engine's handoff, with the contact panels of the session at that moment (empty: none). */
    public void handoffRequested(Conversation c, String teamId, String reason, String notes, List<ContactPanel> panels) {
        outbox.publish(handoffEvent(c, teamId, reason, notes, panels));
    }

    private static OutgoingEvent handoffEvent(Conversation c, String teamId, String reason, String notes,
            List<ContactPanel> panels) {
        return event(c, HandoffRequested.TYPE, new HandoffRequested(c.tenantId, c.id, c.contactId, c.botId, teamId, null,
                reason, notes, panels == null || panels.isEmpty() ? null : panels));
    }

    /** {@code agentId} (may be null): straight to that agent when it has room (a deactivated bot's transferTo). */
    public void handoffRequested(Conversation c, String teamId, String agentId, String reason, String notes) {
        publish(c, HandoffRequested.TYPE, new HandoffRequested(c.tenantId, c.id, c.contactId, c.botId, teamId, agentId,
                reason, notes));
    }

    public void feedback(Conversation c) {
        publish(c, FeedbackReceived.TYPE, new FeedbackReceived(c.tenantId, c.id, c.botId, c.rating, c.feedbackComment,
                Instant.now()));
    }

    private void publish(Conversation c, String type, Object data) {
        outbox.publish(event(c, type, data));
    }

    private static OutgoingEvent event(Conversation c, String type, Object data) {
        return new OutgoingEvent(Topics.CONVERSATIONS, c.id, type, c.tenantId, data);
    }

    /** Events of many messages or decisions, stored together by {@link Batch#publish} (one insert) in the caller's transaction. */
    public Batch batch() {
        return new Batch();
    }

    /** Events of one transaction, in the order they happened. */
    public final class Batch {

        private final List<OutgoingEvent> events = new ArrayList<>();

        private Batch() {
        }

        public void started(Conversation c, String contactName) {
            events.add(startedEvent(c, contactName));
        }

        public void received(Conversation c, Message m) {
            events.add(receivedEvent(c, m));
        }

        public void sent(Conversation c, Message m, Instant inReplyToReceivedAt) {
            events.add(sentEvent(c, m, inReplyToReceivedAt));
        }

        public void handoffRequested(Conversation c, String teamId, String reason, String notes,
                List<ContactPanel> panels) {
            events.add(handoffEvent(c, teamId, reason, notes, panels));
        }

        /** The events, in the order they happened, for a statement of the caller's that stores them. */
        public List<OutgoingEvent> events() {
            return events;
        }

        /**
         * For each of {@link #events()}, the id of the inbound message it tells of ({@code message.received}), or null:
         * a statement that may find a message to be a redelivery stores only the events of those it stored.
         */
        public List<String> inboundIds() {
            return events.stream().map(e -> MessageEvent.RECEIVED.equals(e.type()) && e.data() instanceof MessageEvent m
                    ? m.messageId() : null).toList();
        }

        /** Stores them in the outbox, in the caller's transaction. */
        public void publish() {
            outbox.publishAll(events);
            events.clear();
        }
    }
}
