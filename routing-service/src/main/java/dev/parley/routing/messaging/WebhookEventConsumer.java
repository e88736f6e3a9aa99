package dev.parley.routing.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.events.conversation.MessageEvent;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import dev.parley.routing.repository.WebhookSubscriptionRepository;
import dev.parley.routing.service.AgentNotifications;
import dev.parley.routing.service.WebhookDeliveries;
import dev.parley.routing.service.WebhookService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Fans the platform's events (bots, conversations, routing, llm topics) out to the tenant's webhook
 * subscriptions: one delivery per matching subscription, written with the event's inbox record, so a
 * redelivered event sends nothing twice. The message body is Standard Webhooks' {@code {type, timestamp, data}}.
 *
 * <p>It reads every event the platform publishes, most of them wanted by no subscription, so records come in batches
 * (what one poll returned) and a batch costs one transaction: one statement reads the enabled subscriptions of the
 * batch's tenants, one records the wanted events in the inbox, then their deliveries are written. A record whose data
 * cannot be read goes to {@code parley.webhook-events.dlq} alone (by its own nack); if the batch's transaction fails,
 * each record is taken again in a transaction of its own, so one bad record is dead-lettered and the others are kept.
 */
@ApplicationScoped
public class WebhookEventConsumer {

    public static final String CHANNEL = "webhook-events";
    private static final String CONSUMER = "webhook-fan-out";
    /** The agent holding the conversation hears of its messages; of its end from the transfer's end (HandoffConsumer). */
    private static final Set<String> AGENT_EVENTS = Set.of(MessageEvent.RECEIVED, MessageEvent.SENT);
    private static final Logger LOG = Logger.getLogger(WebhookEventConsumer.class);

    private final WebhookSubscriptionRepository subscriptions;
    private final WebhookDeliveries deliveries;
    private final AgentNotifications agents;
    private final IdempotentConsumer inbox;
    private final ObjectMapper json;

    public WebhookEventConsumer(WebhookSubscriptionRepository subscriptions, WebhookDeliveries deliveries,
            AgentNotifications agents, IdempotentConsumer inbox, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.agents = agents;
        this.inbox = inbox;
        this.json = json;
    }

    /** A record that may be wanted: its event, and the record to settle. */
    private record Candidate(KafkaRecord<String, String> record, IncomingEvent event) {

        IllegalArgumentException unreadable() {
            return new IllegalArgumentException(event.type() + " " + event.id() + " has unreadable data");
        }
    }

    /** A wanted event's data, and the subscriptions that want it (none when only an agent may). */
    private record Wanted(JsonNode data, List<WebhookSubscriptionRepository.Enabled> targets) {
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> on(KafkaRecordBatch<String, String> batch) {
        List<CompletionStage<Void>> settled = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                IncomingEvent event = IncomingEvent.from(record);
                if (event.isTombstone() || event.tenantId() == null || !WebhookService.deliverable(event.type())) {
                    settled.add(record.ack());
                } else {
                    candidates.add(new Candidate(record, event));
                }
            } catch (RuntimeException e) {
                settled.add(record.nack(e));
            }
        }
        if (!candidates.isEmpty()) {
            try {
                List<Candidate> unreadable = QuarkusTransaction.requiringNew().call(() -> fanOut(candidates));
                for (Candidate candidate : candidates) {
                    settled.add(unreadable.contains(candidate) ? candidate.record().nack(candidate.unreadable())
                            : candidate.record().ack());
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "A batch of %d events for webhooks failed; taking them one by one", candidates.size());
                candidates.forEach(candidate -> settled.add(alone(candidate)));
            }
        }
        return CompletableFuture.allOf(settled.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    /** One record in a transaction of its own; a failure dead-letters it. */
    private CompletionStage<Void> alone(Candidate candidate) {
        try {
            if (!QuarkusTransaction.requiringNew().call(() -> fanOut(List.of(candidate))).isEmpty()) {
                throw candidate.unreadable();
            }
            return candidate.record().ack();
        } catch (RuntimeException e) {
            return candidate.record().nack(e);
        }
    }

    /**
     * The deliveries of the events that a subscription or an agent wants, each event once, in the caller's
     * transaction; returns the wanted events whose data could not be read (nothing was written for them).
     */
    private List<Candidate> fanOut(List<Candidate> candidates) {
        Map<String, List<WebhookSubscriptionRepository.Enabled>> enabled = subscriptions.enabledOf(
                candidates.stream().map(candidate -> candidate.event().tenantId()).collect(Collectors.toSet()));
        Map<Candidate, Wanted> wanted = new LinkedHashMap<>();
        List<Candidate> unreadable = new ArrayList<>();
        for (Candidate candidate : candidates) {
            IncomingEvent event = candidate.event();
            List<WebhookSubscriptionRepository.Enabled> targets = enabled.getOrDefault(event.tenantId(), List.of())
                    .stream().filter(subscription -> subscription.wants(event.type())).toList();
            if (targets.isEmpty() && !AGENT_EVENTS.contains(event.type())) {
                continue;
            }
            try {
                wanted.put(candidate, new Wanted(json.readTree(event.data()), targets));
            } catch (IOException e) {
                unreadable.add(candidate);
            }
        }
        Set<String> first = inbox.firstDeliveries(CONSUMER, wanted.keySet().stream().map(c -> c.event().id()).toList());
        Set<String> taken = new HashSet<>();
        wanted.forEach((candidate, what) -> {
            // each event once, even when the batch holds it twice (a redelivery)
            if (first.contains(candidate.event().id()) && taken.add(candidate.event().id())) {
                deliver(candidate.event(), what);
            }
        });
        return unreadable;
    }

    private void deliver(IncomingEvent event, Wanted wanted) {
        if (AGENT_EVENTS.contains(event.type())) {
            // the agent holding the conversation hears of its messages (incoming_event)
            agents.conversationEvent(event.tenantId(), event.type(), wanted.data());
        }
        if (wanted.targets().isEmpty()) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("type", event.type());
        body.put("timestamp", Instant.now().toString());
        body.put("eventId", event.id());
        body.set("data", wanted.data());
        String payload = body.toString();
        for (WebhookSubscriptionRepository.Enabled subscription : wanted.targets()) {
            deliveries.enqueue(subscription, event.type(), payload);
        }
    }
}
