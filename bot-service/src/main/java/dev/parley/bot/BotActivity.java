package dev.parley.bot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One thing that happened to a bot, projected from conversation-service's and llm-gateway's events; the bot's
 * statistics are sums over these rows. Only the columns of its {@link Kind} are set.
 */
@Entity
@Table(name = "bot_activity")
public class BotActivity {

    public enum Kind {
        CONVERSATION_STARTED, CONVERSATION_CLOSED, MESSAGE_RECEIVED, MESSAGE_SENT, HANDOFF, FEEDBACK, USAGE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "bot_id", nullable = false)
    public String botId;

    @Column(name = "conversation_id")
    public String conversationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The intent of a message sent, the reason of a handoff. */
    public String label;

    @Column(name = "response_ms")
    public Long responseMs;

    @Column(name = "message_count")
    public Integer messageCount;

    @Column(name = "duration_seconds")
    public Long durationSeconds;

    @Column(name = "handed_off")
    public Boolean handedOff;

    public Integer rating;

    @Column(name = "prompt_tokens")
    public Integer promptTokens;

    @Column(name = "completion_tokens")
    public Integer completionTokens;

    @Column(name = "cost_usd")
    public BigDecimal costUsd;
}
