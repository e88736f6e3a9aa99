package dev.parley.conversation;

import dev.parley.platform.repository.Created;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One message of a conversation, inbound from the contact or outbound from the bot or an agent. */
@Entity
@Table(name = "message")
public class Message extends Created {

    public enum Direction { inbound, outbound }

    public enum Sender { contact, bot, agent }

    /**
     * Outbound only: {@code pending} until the channel accepted it ({@code sent}) or retries ran out
     * ({@code failed}); WhatsApp then reports {@code delivered} and {@code read} (or {@code failed}).
     */
    public enum DeliveryStatus { pending, sent, delivered, read, failed }

    @Id
    public String id;

    /**
     * Arrival order within the service (a database identity); replies and processing follow it. Not read back
     * after an insert: queries order by it, nothing in memory needs it.
     */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    public String conversationId;

    @Column(name = "channel_id")
    public String channelId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Direction direction;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Sender sender;

    @Column(name = "agent_id")
    public String agentId;

    public String text;

    /** JSON array of {@code {id, title}}. */
    public String buttons;

    /** JSON object: the pressed button's id, AI sources, usage. */
    public String metadata;

    /** Inbound: the channel's id of the message (dedupe); outbound: the platform's id once sent. */
    @Column(name = "channel_message_id")
    public String channelMessageId;

    /** Inbound: whether the engine has decided on it. */
    @Column(nullable = false)
    public boolean processed = true;

    public String intent;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status")
    public DeliveryStatus deliveryStatus;

    @Column(name = "delivery_attempts", nullable = false)
    public int deliveryAttempts;

    @Column(name = "delivery_error")
    public String deliveryError;

    /** While a reply is pending: when it is due; while claimed, when the claim lapses. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** The replica that claimed this pending reply for delivery (its claim holds while that replica's heartbeat does). */
    @Column(name = "claimed_by")
    public String claimedBy;
}
