package dev.parley.conversation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.messaging.ConversationEvents;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.events.bot.BotEvent;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A bot deactivated with {@code transferTo} (an agent {@code agt_…} or a team {@code team_…}) hands its open
 * conversations to it: each becomes handed off and a {@code handoff.requested} (reason {@code bot_deactivated}, the
 * deactivation's reason as notes) goes to routing-service. Without {@code transferTo} the conversations stay, and the
 * engine answers them with the offline message.
 */
@ApplicationScoped
public class BotDeactivationService {

    private static final Logger LOG = Logger.getLogger(BotDeactivationService.class);
    private static final String CONSUMER = "bot-deactivations";

    private final ConversationRepository conversations;
    private final ConversationEvents events;
    private final IdempotentConsumer inbox;
    private final ObjectMapper json;

    public BotDeactivationService(ConversationRepository conversations, ConversationEvents events,
            IdempotentConsumer inbox, ObjectMapper json) {
        this.conversations = conversations;
        this.events = events;
        this.inbox = inbox;
        this.json = json;
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
}
