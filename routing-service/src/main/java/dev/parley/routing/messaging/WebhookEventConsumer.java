package dev.parley.routing.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.events.conversation.ConversationEvent;
import dev.parley.events.conversation.MessageEvent;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import dev.parley.routing.WebhookSubscription;
import dev.parley.routing.repository.WebhookSubscriptionRepository;
import dev.parley.routing.service.AgentNotifications;
import dev.parley.routing.service.WebhookDeliveries;
import dev.parley.routing.service.WebhookService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Fans the platform's events (bots, conversations, routing, llm topics) out to the tenant's webhook
 * subscriptions: one delivery per matching subscription, written with the event's inbox record, so a
 * redelivered event sends nothing twice. The message body is Standard Webhooks' {@code {type, timestamp, data}}.
 */
@ApplicationScoped
public class WebhookEventConsumer {

    public static final String CHANNEL = "webhook-events";
    private static final String CONSUMER = "webhook-fan-out";
    private static final Set<String> AGENT_EVENTS = Set.of(MessageEvent.RECEIVED, MessageEvent.SENT, ConversationEvent.CLOSED);

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

    @Incoming(CHANNEL)
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) throws Exception {
        IncomingEvent event = IncomingEvent.from(record);
        if (event.isTombstone() || event.tenantId() == null || !WebhookService.deliverable(event.type())) {
            return;
        }
        List<WebhookSubscription> targets = subscriptions.enabledOf(event.tenantId()).stream()
                .filter(subscription -> subscription.wants(event.type())).toList();
        boolean forAgents = AGENT_EVENTS.contains(event.type());
        if ((targets.isEmpty() && !forAgents) || !inbox.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        JsonNode data = json.readTree(event.data());
        if (forAgents) {
            // the agent holding the conversation hears of its messages and its end (incoming_event, chat_deactivated)
            agents.conversationEvent(event.tenantId(), event.type(), data);
        }
        if (targets.isEmpty()) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("type", event.type());
        body.put("timestamp", Instant.now().toString());
        body.put("eventId", event.id());
        body.set("data", data);
        String payload = json.writeValueAsString(body);
        for (WebhookSubscription subscription : targets) {
            deliveries.enqueue(subscription, event.type(), payload);
        }
    }
}
