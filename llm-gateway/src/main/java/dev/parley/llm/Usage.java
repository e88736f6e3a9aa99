package dev.parley.llm;

import dev.parley.platform.repository.Created;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** One gateway call as billed to its tenant: tokens, estimated cost and latency. */
@Entity
@Table(name = "llm_usage")
public class Usage extends Created {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "bot_id")
    public String botId;

    @Column(name = "conversation_id")
    public String conversationId;

    /** {@code chat} or {@code embedding}. */
    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String model;

    @Column(name = "prompt_tokens", nullable = false)
    public int promptTokens;

    @Column(name = "completion_tokens", nullable = false)
    public int completionTokens;

    @Column(name = "total_tokens", nullable = false)
    public int totalTokens;

    @Column(name = "cost_usd", nullable = false)
    public BigDecimal costUsd;

    @Column(name = "latency_ms", nullable = false)
    public int latencyMs;
}
