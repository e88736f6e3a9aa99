package dev.parley.routing.service;

import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import dev.parley.platform.outbound.OutboundCallFailedException;
import dev.parley.platform.outbound.OutboundHttp;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.routing.WebhookDelivery;
import dev.parley.routing.WebhookSubscription;
import dev.parley.routing.config.WebhookConfig;
import dev.parley.routing.repository.WebhookDeliveryRepository;
import dev.parley.routing.repository.WebhookSubscriptionRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends webhook messages and keeps retrying them, durably: a message is a {@link WebhookDelivery} row written in
 * the transaction that decided to send it; each replica claims due rows for a lease, sends them through the
 * outbound guard (no redirect followed), and records the result. 2xx delivers; 410 Gone disables the
 * subscription; anything else is retried on the configured schedule with jitter, until it runs out.
 */
@ApplicationScoped
public class WebhookDeliveries {

    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final WebhookDeliveryRepository deliveries;
    private final WebhookSubscriptionRepository subscriptions;
    private final OutboundHttp http;
    private final SecretCipher cipher;
    private final WebhookConfig config;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public WebhookDeliveries(WebhookDeliveryRepository deliveries, WebhookSubscriptionRepository subscriptions,
            OutboundHttp http, SecretCipher cipher, WebhookConfig config) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.http = http;
        this.cipher = cipher;
        this.config = config;
    }

    /** A message for a subscription; sent once the surrounding transaction has committed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookDelivery enqueue(WebhookSubscriptionRepository.Enabled subscription, String eventType,
            String payload) {
        return enqueue(subscription.tenantId(), subscription.id(), null, subscription.url(),
                subscription.encryptedSecret(), eventType, payload);
    }

    /** A message for an agent's own webhook ({@code encryptedSecret} as stored on the agent). */
    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookDelivery enqueueForAgent(String tenantId, String agentId, String url, String encryptedSecret,
            String action, String payload) {
        return enqueue(tenantId, null, agentId, url, encryptedSecret, action, payload);
    }

    private WebhookDelivery enqueue(String tenantId, String subscriptionId, String agentId, String url,
            String encryptedSecret, String eventType, String payload) {
        WebhookDelivery delivery = new WebhookDelivery();
        delivery.id = Ids.generate("whd");
        delivery.tenantId = tenantId;
        delivery.subscriptionId = subscriptionId;
        delivery.agentId = agentId;
        delivery.messageId = Ids.generate("msg");
        delivery.eventType = eventType;
        delivery.url = url;
        delivery.secret = encryptedSecret;
        delivery.payload = payload;
        delivery.status = WebhookDelivery.Status.PENDING;
        delivery.attempts = 0;
        delivery.nextAttemptAt = Instant.now();
        deliveries.persist(delivery);
        return delivery;
    }

    /** Sends again now, with the same {@code webhook-id}; also a delivered or failed one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void redeliver(WebhookDelivery delivery) {
        delivery.status = WebhookDelivery.Status.PENDING;
        delivery.nextAttemptAt = Instant.now();
        delivery.lockedUntil = null;
        delivery.touch();
    }

    @Scheduled(every = "${parley.webhooks.poll-every:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        List<String> claimed;
        do {
            if (stopping.get()) {
                return;
            }
            claimed = QuarkusTransaction.requiringNew().call(() -> deliveries.claimDue(config.batchSize(), config.lease()));
            claimed.forEach(this::attempt);
        } while (claimed.size() == config.batchSize());
    }

    /** The delivery log keeps finished messages for {@code parley.webhooks.keep-log} (30 days). */
    @Scheduled(every = "1h", delayed = "10m")
    void forgetOldDeliveries() {
        QuarkusTransaction.requiringNew().run(() -> deliveries.deleteFinishedBefore(Instant.now().minus(config.keepLog())));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
    }

    private void attempt(String deliveryId) {
        WebhookDelivery delivery = QuarkusTransaction.requiringNew().call(() -> deliveries.findById(deliveryId));
        if (delivery == null || delivery.status != WebhookDelivery.Status.PENDING) {
            return;
        }
        long timestamp = Instant.now().getEpochSecond();
        String secret;
        try {
            secret = cipher.decrypt(delivery.secret);
        } catch (IllegalStateException e) {
            // Encrypted with another key (a restore, a key rotated without re-encryption): it can never be signed.
            // Fail this message alone, so the ones after it still go out.
            LOG.errorf("Webhook delivery %s cannot be signed: %s", deliveryId, e.getMessage());
            record(deliveryId, null, "its signing secret cannot be decrypted with this deployment's key", false, 0);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "Parley-Webhooks/1");
        headers.put("webhook-id", delivery.messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(secret, delivery.messageId, timestamp, delivery.payload));
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        boolean retryable = true;
        try {
            status = http.send("POST", delivery.url, headers, delivery.payload.getBytes(StandardCharsets.UTF_8)).status();
            if (status < 200 || status >= 300) {
                error = status >= 300 && status < 400 ? "answered a redirect (" + status + "), which is not followed"
                        : "answered " + status;
            }
        } catch (OutboundRefusedException e) {
            error = "refused by the outbound guard: the URL " + e.getMessage();
            retryable = false;
        } catch (OutboundCallFailedException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = "call failed: " + e.getMessage();
        }
        long durationMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        record(deliveryId, status, error, retryable, durationMs);
    }

    private void record(String deliveryId, Integer status, String error, boolean retryable, long durationMs) {
        QuarkusTransaction.requiringNew().run(() -> {
            WebhookDelivery delivery = deliveries.findById(deliveryId);
            if (delivery == null) {
                return; // its subscription was deleted meanwhile
            }
            delivery.attempts++;
            delivery.lastStatus = status;
            delivery.lastError = error == null ? null : truncate(error);
            delivery.lockedUntil = null;
            delivery.touch();
            deliveries.logAttempt(deliveryId, delivery.attempts, status, delivery.lastError, durationMs);
            if (error == null) {
                delivery.status = WebhookDelivery.Status.DELIVERED;
                delivery.nextAttemptAt = null;
            } else if (status != null && status == 410) {
                delivery.status = WebhookDelivery.Status.FAILED;
                delivery.nextAttemptAt = null;
                disableSubscription(delivery);
            } else if (!retryable || delivery.attempts > config.retrySchedule().size()) {
                delivery.status = WebhookDelivery.Status.FAILED;
                delivery.nextAttemptAt = null;
            } else {
                delivery.nextAttemptAt = Instant.now().plus(withJitter(config.retrySchedule().get(delivery.attempts - 1)));
            }
        });
    }

    /** The endpoint said it is gone: stop sending to it (the tenant can enable it again). */
    private void disableSubscription(WebhookDelivery delivery) {
        if (delivery.subscriptionId == null) {
            return;
        }
        WebhookSubscription subscription = subscriptions.findById(delivery.subscriptionId);
        if (subscription != null && subscription.enabled) {
            subscription.enabled = false;
            subscription.disabledReason = "The endpoint answered 410 Gone on " + Instant.now() + ".";
            subscription.touch();
            LOG.infof("Webhook subscription %s disabled: its endpoint answered 410", subscription.id);
        }
    }

    Duration withJitter(Duration wait) {
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-config.jitter(), config.jitter());
        return Duration.ofMillis(Math.max(0, Math.round(wait.toMillis() * factor)));
    }

    private static String truncate(String value) {
        return value.length() <= MAX_ERROR_LENGTH ? value : value.substring(0, MAX_ERROR_LENGTH);
    }
}
