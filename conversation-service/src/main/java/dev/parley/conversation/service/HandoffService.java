package dev.parley.conversation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.BotSession;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.channel.WebchatFanout;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.SessionRepository;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * What routing decides about handed-off conversations: {@code transfer.created} takes the conversation off its bot
 * (a transfer made through routing's API puts it in the same state as the engine's handoff: the bot stops
 * answering); {@code transfer.assigned} records the agent; {@code transfer.resumed} gives the conversation back to
 * the bot, which starts over from a clean session.
 * Payloads are read leniently (only {@code conversationId}, {@code tenantId}, {@code agentId} matter here).
 */
@ApplicationScoped
public class HandoffService {

    public static final String CREATED = "transfer.created";
    public static final String ASSIGNED = "transfer.assigned";
    public static final String RESUMED = "transfer.resumed";

    private static final Logger LOG = Logger.getLogger(HandoffService.class);
    private static final String CONSUMER = "routing-transfers";

    private final ConversationRepository conversations;
    private final SessionRepository sessions;
    private final IdempotentConsumer inbox;
    private final ObjectMapper json;
    private final WebchatFanout fanout;

    public HandoffService(ConversationRepository conversations, SessionRepository sessions, IdempotentConsumer inbox,
            ObjectMapper json, WebchatFanout fanout) {
        this.fanout = fanout;
        this.conversations = conversations;
        this.sessions = sessions;
        this.inbox = inbox;
        this.json = json;
    }

    @Transactional
    public void onRoutingEvent(IncomingEvent event) {
        if (event.isTombstone()
                || !(CREATED.equals(event.type()) || ASSIGNED.equals(event.type()) || RESUMED.equals(event.type()))) {
            return;
        }
        if (!inbox.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (JsonProcessingException e) {
            LOG.warnf("Unreadable %s event %s skipped", event.type(), event.id());
            return;
        }
        String conversationId = data.path("conversationId").asText(event.key());
        String tenantId = data.path("tenantId").asText(event.tenantId());
        Conversation c = conversations.lock(conversationId).orElse(null);
        if (c == null || (tenantId != null && !tenantId.equals(c.tenantId))) {
            return;
        }
        Instant now = Instant.now();
        if (CREATED.equals(event.type()) || ASSIGNED.equals(event.type())) {
            if (c.status != ConversationStatus.CLOSED && c.status != ConversationStatus.HANDED_OFF) {
                c.status = ConversationStatus.HANDED_OFF;
                c.handedOff = true;
            }
            if (ASSIGNED.equals(event.type())) {
                c.agentId = data.path("agentId").asText(null);
                c.agentName = data.path("agentName").asText(null);
            }
        } else if (c.status == ConversationStatus.HANDED_OFF) {
            c.status = ConversationStatus.OPEN;
            c.agentId = null;
            sessions.ofConversation(c.id).ifPresent(s -> reset(s, now));
        }
        c.updatedAt = now;
        if (c.contactId != null && "webchat".equals(c.channelType)) {
            fanout.announce(c.contactId); // the visitor's widget shows who answers now
        }
    }

    private static void reset(BotSession s, Instant now) {
        s.currentFlowId = null;
        s.currentStep = null;
        s.variables = "{}";
        s.stepRetries = 0;
        s.fallbackCount = 0;
        s.offlineNotified = false;
        s.lastActivity = now;
    }
}
