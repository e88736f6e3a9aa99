package dev.parley.llm;

import dev.parley.platform.repository.Created;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One run of an agent loop: its input, where it stands, what it used and what it answered. */
@Entity
@Table(name = "agent_execution")
public class AgentExecution extends Created {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "loop_id", nullable = false, updatable = false)
    public String loopId;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String input;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> variables;

    @Column(name = "conversation_id")
    public String conversationId;

    @Column(name = "bot_id")
    public String botId;

    public String output;

    /** Why it failed or was cancelled. */
    public String error;

    /** Model calls made. */
    public int iterations;

    @Column(name = "prompt_tokens")
    public int promptTokens;

    @Column(name = "completion_tokens")
    public int completionTokens;

    @Column(name = "total_tokens")
    public int totalTokens;

    @Column(name = "cost_usd")
    public BigDecimal costUsd;

    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "heartbeat_at", nullable = false)
    public Instant heartbeatAt;

    public boolean finished() {
        return COMPLETED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
    }
}
