package dev.parley.bot.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bot.BotActivity.Kind;
import dev.parley.bot.BotActivity;
import dev.parley.bot.repository.BotActivityRepository;
import dev.parley.events.llm.LlmUsageEvent;
import dev.parley.events.conversation.ConversationEvent;
import dev.parley.events.conversation.FeedbackReceived;
import dev.parley.events.conversation.HandoffRequested;
import dev.parley.events.conversation.MessageEvent;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Projects conversation-service's events ({@code parley.conversations}) and llm-gateway's usage
 * ({@code parley.llm-usage}) into {@link BotActivity} rows, each event once, for bot statistics. Events of no bot
 * (and event types statistics do not use) are skipped. Records arrive in batches, one transaction per batch, so the
 * projection keeps up with busy topics; an event it cannot read is logged and skipped, never blocking the rest.
 */
@ApplicationScoped
public class BotActivityConsumer {

    public static final String CONVERSATIONS = "bot-stats-conversations";
    public static final String USAGE = "bot-stats-usage";
    private static final String CONSUMER = "bot-stats";
    private static final Logger LOG = Logger.getLogger(BotActivityConsumer.class);

    private final BotActivityRepository activity;
    private final IdempotentConsumer inbox;
    private final ObjectMapper json;

    public BotActivityConsumer(BotActivityRepository activity, IdempotentConsumer inbox, ObjectMapper json) {
        this.activity = activity;
        this.inbox = inbox;
        // Producers may add fields to their events; a projection reads what it knows and ignores the rest.
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Incoming(CONVERSATIONS)
    @Blocking
    @Transactional
    public void onConversationEvents(ConsumerRecords<String, String> records) {
        records.forEach(record -> project(record, this::onConversationEvent));
    }

    @Incoming(USAGE)
    @Blocking
    @Transactional
    public void onUsageEvents(ConsumerRecords<String, String> records) {
        records.forEach(record -> project(record, this::onUsage));
    }

    private interface Projection {
        void apply(IncomingEvent event) throws JsonProcessingException;
    }

    private void project(ConsumerRecord<String, String> record, Projection projection) {
        IncomingEvent event = IncomingEvent.from(record);
        try {
            projection.apply(event);
        } catch (JsonProcessingException e) {
            LOG.warnf("Skipped unreadable %s event %s (%s/%d/%d): %s", event.type(), event.id(), record.topic(),
                    record.partition(), record.offset(), e.getOriginalMessage());
        }
    }

    private void onConversationEvent(IncomingEvent event) throws JsonProcessingException {
        if (event.isTombstone() || event.type() == null || !inbox.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        BotActivity row = switch (event.type()) {
            case ConversationEvent.STARTED -> conversation(event, Kind.CONVERSATION_STARTED);
            case ConversationEvent.CLOSED -> conversation(event, Kind.CONVERSATION_CLOSED);
            case MessageEvent.RECEIVED -> message(event, Kind.MESSAGE_RECEIVED);
            case MessageEvent.SENT -> message(event, Kind.MESSAGE_SENT);
            case HandoffRequested.TYPE -> handoff(event);
            case FeedbackReceived.TYPE -> feedback(event);
            default -> null;
        };
        if (row != null && row.botId != null) {
            activity.persist(row);
        }
    }

    private void onUsage(IncomingEvent event) throws JsonProcessingException {
        if (event.isTombstone() || !LlmUsageEvent.TYPE.equals(event.type()) || !inbox.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        LlmUsageEvent usage = json.readValue(event.data(), LlmUsageEvent.class);
        if (usage.botId() == null) {
            return;
        }
        BotActivity row = row(usage.tenantId(), usage.botId(), usage.conversationId(), Kind.USAGE, usage.occurredAt());
        row.promptTokens = usage.promptTokens();
        row.completionTokens = usage.completionTokens();
        row.costUsd = usage.estimatedCost();
        activity.persist(row);
    }

    private BotActivity conversation(IncomingEvent event, Kind kind) throws JsonProcessingException {
        ConversationEvent c = json.readValue(event.data(), ConversationEvent.class);
        Instant at = kind == Kind.CONVERSATION_CLOSED && c.closedAt() != null ? c.closedAt() : c.startedAt();
        BotActivity row = row(c.tenantId(), c.botId(), c.conversationId(), kind, at);
        if (kind == Kind.CONVERSATION_CLOSED) {
            row.messageCount = c.messageCount();
            row.durationSeconds = c.durationSeconds();
            row.handedOff = c.handedOff();
        }
        return row;
    }

    private BotActivity message(IncomingEvent event, Kind kind) throws JsonProcessingException {
        MessageEvent m = json.readValue(event.data(), MessageEvent.class);
        BotActivity row = row(m.tenantId(), m.botId(), m.conversationId(), kind, m.createdAt());
        if (kind == Kind.MESSAGE_SENT) {
            row.label = m.intent();
            row.responseMs = m.responseTimeMs();
        }
        return row;
    }

    private BotActivity handoff(IncomingEvent event) throws JsonProcessingException {
        HandoffRequested h = json.readValue(event.data(), HandoffRequested.class);
        BotActivity row = row(h.tenantId(), h.botId(), h.conversationId(), Kind.HANDOFF, null);
        row.label = h.reason();
        return row;
    }

    private BotActivity feedback(IncomingEvent event) throws JsonProcessingException {
        FeedbackReceived f = json.readValue(event.data(), FeedbackReceived.class);
        BotActivity row = row(f.tenantId(), f.botId(), f.conversationId(), Kind.FEEDBACK, f.receivedAt());
        row.rating = f.rating();
        return row;
    }

    private static BotActivity row(String tenantId, String botId, String conversationId, Kind kind, Instant at) {
        BotActivity row = new BotActivity();
        row.tenantId = tenantId;
        row.botId = botId;
        row.conversationId = conversationId;
        row.kind = kind;
        row.occurredAt = at != null ? at : Instant.now();
        return row;
    }
}
