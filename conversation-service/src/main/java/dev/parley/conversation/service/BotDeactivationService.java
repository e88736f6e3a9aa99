package dev.parley.conversation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.messaging.ConversationEvents;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.SessionRepository;
import dev.parley.events.bot.BotEvent;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A bot deactivated with {@code transferTo} hands its open (and queued) conversations to it. Another bot
 * ({@code bot_…}): each conversation becomes that bot's, open, with a clean session, and its next message is that
 * bot's to answer. An agent {@code agt_…} or a team {@code team_…}: each becomes handed off and a
 * {@code handoff.requested} (reason {@code bot_deactivated}, the deactivation's reason as notes) goes to
 * routing-service. Without {@code transferTo} the conversations stay, and the engine answers them with the bot's
 * offline message, if it has one. {@link #toHandOver} counts them beforehand, for bot-service's answer.
 */
@ApplicationScoped
public class BotDeactivationService {

    private static final Logger LOG = Logger.getLogger(BotDeactivationService.class);
    private static final String CONSUMER = "bot-deactivations";

    private final ConversationRepository conversations;
    private final ConversationEvents events;
    private final IdempotentConsumer inbox;
    private final ObjectMapper json;
    private final SessionRepository sessions;

    public BotDeactivationService(ConversationRepository conversations, ConversationEvents events,
            IdempotentConsumer inbox, ObjectMapper json, SessionRepository sessions) {
        this.sessions = sessions;
        this.conversations = conversations;
        this.events = events;
        this.inbox = inbox;
        this.json = json;
    }

    /** The conversations of the tenant's bot a deactivation with {@code transferTo} would hand over now. */
    @Transactional
    public long toHandOver(String tenantId, String botId) {
        return conversations.countWithBot(tenantId, botId);
    }

    /** Returns how many conversations were handed over. */
    @Transactional
    public int onBotEvent(IncomingEvent event) {
        if (event.isTombstone() || !BotEvent.DEACTIVATED.equals(event.type()) || !inbox.firstDelivery(CONSUMER, event.id())) {
            return 0;
        }
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (JsonProcessingException e) {
            LOG.warnf("Unreadable %s event %s skipped", event.type(), event.id());
            return 0;
        }
        String transferTo = data.path("deactivation").path("transferTo").asText(null);
        String tenantId = data.path("tenantId").asText(event.tenantId());
        String botId = data.path("botId").asText(event.key());
        if (transferTo == null || tenantId == null || botId == null) {
            return 0;
        }
        if (transferTo.startsWith("bot_")) {
            return toBot(tenantId, botId, transferTo);
        }
        String agentId = transferTo.startsWith("agt_") ? transferTo : null;
        String teamId = transferTo.startsWith("team_") ? transferTo : null;
        String reason = data.path("deactivation").path("reason").asText(null);
        List<Conversation> open = conversations.lockWithBot(tenantId, botId);
        Instant now = Instant.now();
        for (Conversation c : open) {
            c.status = ConversationStatus.HANDED_OFF;
            c.updatedAt = now;
            events.handoffRequested(c, teamId, agentId, "bot_deactivated", reason);
        }
        return open.size();
    }

    private int toBot(String tenantId, String botId, String targetBotId) {
        List<Conversation> open = conversations.lockWithBot(tenantId, botId);
        Instant now = Instant.now();
        for (Conversation c : open) {
            c.botId = targetBotId;
            c.status = ConversationStatus.OPEN;
            c.updatedAt = now;
            sessions.ofConversation(c.id).ifPresent(s -> {
                // the new bot starts from a clean session, without greeting a customer already talking
                s.botId = targetBotId;
                s.currentFlowId = null;
                s.currentStep = null;
                s.variables = "{}";
                s.stepRetries = 0;
                s.fallbackCount = 0;
                s.offlineNotified = false;
                s.lastActivity = now;
            });
        }
        return open.size();
    }
}
