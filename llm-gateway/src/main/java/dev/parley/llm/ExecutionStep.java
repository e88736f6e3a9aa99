package dev.parley.llm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One step of an execution's trace: a model call ({@code kind = model}, {@code name} = provider/model, the tool
 * calls it asked for and its tokens) or a tool call ({@code kind = tool}, {@code name} = the tool, its arguments
 * and result or error).
 */
@Entity
@Table(name = "agent_execution_step")
public class ExecutionStep {

    public static final String MODEL = "model";
    public static final String TOOL = "tool";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "execution_id", nullable = false, updatable = false)
    public String executionId;

    @Column(nullable = false)
    public int seq;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String name;

    @Column(name = "call_id")
    public String callId;

    public String arguments;

    /** The model's text, or the tool's result as given to the model. */
    public String result;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "tool_calls")
    public List<Map<String, String>> toolCalls;

    public String error;

    @Column(name = "prompt_tokens")
    public Integer promptTokens;

    @Column(name = "completion_tokens")
    public Integer completionTokens;

    @Column(name = "cost_usd")
    public BigDecimal costUsd;

    @Column(name = "latency_ms", nullable = false)
    public int latencyMs;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
}
