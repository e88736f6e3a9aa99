package dev.parley.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One message to one endpoint (a subscription's, or an agent's webhook), kept until it is delivered or given
 * up: the retry schedule lives in these rows, so a restart loses nothing. {@code messageId} is the
 * {@code webhook-id}, the same on every attempt and on manual redelivery.
 */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery extends Timestamped {

    /** Lowercase in the API, like every other value. */
    public enum Status {
        @JsonProperty("pending") PENDING,
        @JsonProperty("delivered") DELIVERED,
        @JsonProperty("failed") FAILED
    }

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "subscription_id", updatable = false)
    public String subscriptionId;

    @Column(name = "agent_id", updatable = false)
    public String agentId;

    @Column(name = "message_id", nullable = false, updatable = false)
    public String messageId;

    @Column(name = "event_type", nullable = false, updatable = false)
    public String eventType;

    @Column(nullable = false, updatable = false)
    public String url;

    /** The signing secret, encrypted (copied so that an agent's later change does not re-sign old messages). */
    @Column(nullable = false, updatable = false)
    public String secret;

    @Column(nullable = false, updatable = false)
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error")
    public String lastError;
}
