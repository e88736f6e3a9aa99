package dev.parley.routing.service;

import dev.parley.events.bot.BotEvent;
import dev.parley.events.bot.ChannelEvent;
import dev.parley.events.bot.TrainingEvent;
import dev.parley.events.conversation.ConversationEvent;
import dev.parley.events.conversation.MessageEvent;
import dev.parley.events.llm.AgentLoopFinishedEvent;
import dev.parley.events.llm.IntegrationFailedEvent;
import dev.parley.events.routing.BotHandoffEvent;
import dev.parley.events.routing.TransferEvent;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import dev.parley.platform.outbound.OutboundGuard;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.routing.WebhookDelivery;
import dev.parley.routing.WebhookSubscription;
import dev.parley.routing.repository.WebhookDeliveryRepository;
import dev.parley.routing.repository.WebhookSubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Tenants' webhook subscriptions (SPEC §6 event types), their delivery log and manual redelivery. */
@ApplicationScoped
public class WebhookService {

    /**
     * Every event type delivered to subscriptions (SPEC §6), by family; a subscription names a whole family
     * ({@code transfer.*}) or exactly one of these types. Nothing else is accepted: a type no service emits would
     * never be delivered.
     */
    public static final Map<String, List<String>> FAMILIES = families();
    public static final List<String> SINGLE_TYPES = List.of(IntegrationFailedEvent.TYPE, AgentLoopFinishedEvent.COMPLETED,
            ChannelEvent.DISCONNECTED);
    private static final Set<String> TYPES = Stream.concat(FAMILIES.values().stream().flatMap(List::stream),
            SINGLE_TYPES.stream()).collect(Collectors.toUnmodifiableSet());

    private static Map<String, List<String>> families() {
        Map<String, List<String>> families = new LinkedHashMap<>();
        families.put("bot", List.of(BotEvent.CREATED, BotEvent.UPDATED, BotEvent.ACTIVATED, BotEvent.DEACTIVATED,
                BotEvent.DELETED, TrainingEvent.STARTED, TrainingEvent.COMPLETED, TrainingEvent.FAILED, BotHandoffEvent.TYPE));
        families.put("conversation", List.of(ConversationEvent.STARTED, ConversationEvent.CLOSED));
        families.put("message", List.of(MessageEvent.RECEIVED, MessageEvent.SENT));
        families.put("transfer", List.of(TransferEvent.CREATED, TransferEvent.ASSIGNED, TransferEvent.RESUMED));
        return Collections.unmodifiableMap(families);
    }

    /** A new subscription and its secret, which is shown this once. */
    public record Created(WebhookSubscription subscription, String secret) {
    }

    public record DeliveryView(WebhookDelivery delivery, List<WebhookDeliveryRepository.Attempt> attempts) {
    }

    private final WebhookSubscriptionRepository subscriptions;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookDeliveries sender;
    private final OutboundGuard guard;
    private final SecretCipher cipher;

    public WebhookService(WebhookSubscriptionRepository subscriptions, WebhookDeliveryRepository deliveries,
            WebhookDeliveries sender, OutboundGuard guard, SecretCipher cipher) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.sender = sender;
        this.guard = guard;
        this.cipher = cipher;
    }

    /** Whether routing-service delivers this event type to subscriptions at all. */
    public static boolean deliverable(String eventType) {
        return eventType != null && TYPES.contains(eventType);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Created create(String tenantId, String url, String description, List<String> eventTypes, Boolean enabled) {
        checkUrl(url);
        WebhookSubscription subscription = new WebhookSubscription();
        subscription.id = Ids.generate("whk");
        subscription.tenantId = tenantId;
        subscription.url = url.strip();
        subscription.description = description;
        subscription.eventTypes = checkEventTypes(eventTypes);
        String secret = WebhookSignature.newSecret();
        subscription.secret = cipher.encrypt(secret);
        subscription.enabled = enabled == null || enabled;
        subscriptions.persist(subscription);
        return new Created(subscription, secret);
    }

    @Transactional
    public Page<WebhookSubscription> list(String tenantId, PageRequest page) {
        return subscriptions.listOwned(tenantId, page);
    }

    @Transactional
    public WebhookSubscription get(String tenantId, String id) {
        return subscriptions.findOwned(tenantId, id).orElseThrow(() -> notFound(id));
    }

    /** {@code null} leaves a field as it is; enabling again clears why it was disabled. */
    @Transactional
    public WebhookSubscription update(String tenantId, String id, String url, String description, List<String> eventTypes,
            Boolean enabled) {
        WebhookSubscription subscription = subscriptions.findOwnedForUpdate(tenantId, id).orElseThrow(() -> notFound(id));
        if (url != null) {
            checkUrl(url);
            subscription.url = url.strip();
        }
        if (description != null) {
            subscription.description = description;
        }
        if (eventTypes != null) {
            subscription.eventTypes = checkEventTypes(eventTypes);
        }
        if (enabled != null) {
            subscription.enabled = enabled;
            subscription.disabledReason = enabled ? null : "Disabled by the tenant.";
        }
        subscription.touch();
        return subscription;
    }

    @Transactional
    public void delete(String tenantId, String id) {
        subscriptions.delete(subscriptions.findOwnedForUpdate(tenantId, id).orElseThrow(() -> notFound(id)));
    }

    @Transactional
    public Page<WebhookDelivery> deliveries(String tenantId, String id, PageRequest page) {
        return deliveries.ofSubscription(get(tenantId, id).id, page);
    }

    @Transactional
    public DeliveryView delivery(String tenantId, String id, String deliveryId) {
        WebhookDelivery delivery = deliveries.findOfSubscription(tenantId, id, deliveryId)
                .orElseThrow(() -> deliveryNotFound(deliveryId));
        return new DeliveryView(delivery, deliveries.attempts(delivery.id));
    }

    /** The same message (same {@code webhook-id} and body) again, now. */
    @Transactional
    public DeliveryView redeliver(String tenantId, String id, String deliveryId) {
        WebhookDelivery delivery = deliveries.findOfSubscription(tenantId, id, deliveryId)
                .orElseThrow(() -> deliveryNotFound(deliveryId));
        sender.redeliver(delivery);
        return new DeliveryView(delivery, deliveries.attempts(delivery.id));
    }

    private void checkUrl(String url) {
        try {
            guard.check(url);
        } catch (OutboundRefusedException e) {
            throw ProblemException.validation("url", e.getMessage());
        }
    }

    private static List<String> checkEventTypes(List<String> eventTypes) {
        FieldChecks errors = new FieldChecks();
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < eventTypes.size(); i++) {
            String type = eventTypes.get(i);
            boolean family = type != null && type.endsWith(".*")
                    && FAMILIES.containsKey(type.substring(0, type.length() - 2));
            if (!family && !deliverable(type)) {
                errors.add("eventTypes[" + i + "]", "must be bot.*, conversation.*, message.*, transfer.* "
                        + "or one of " + String.join(", ", TYPES.stream().sorted().toList()));
            } else {
                types.add(type);
            }
        }
        errors.throwIfAny();
        if (types.isEmpty()) {
            throw ProblemException.validation("eventTypes", "must name at least one event type");
        }
        return List.copyOf(types);
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("WEBHOOK_NOT_FOUND", "Webhook " + id + " does not exist.");
    }

    private static ProblemException deliveryNotFound(String id) {
        return ProblemException.notFound("DELIVERY_NOT_FOUND", "Delivery " + id + " does not exist.");
    }
}
