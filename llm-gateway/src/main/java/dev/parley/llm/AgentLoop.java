package dev.parley.llm;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A tenant's autonomous workflow: instructions for a model that may call the loop's tools until it answers, within
 * caps on model calls, tokens and time.
 */
@Entity
@Table(name = "agent_loop")
public class AgentLoop extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String instructions;

    /** As a chat call names it: a model, provider/model, an integration id or {@code retrieval}. */
    @Column(nullable = false)
    public String model;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<AgentTool> tools;

    /** Model calls an execution may make. */
    @Column(name = "max_iterations", nullable = false)
    public int maxIterations;

    /** Prompt and completion tokens an execution may use in all. */
    @Column(name = "max_tokens", nullable = false)
    public int maxTokens;

    @Column(name = "timeout_seconds", nullable = false)
    public int timeoutSeconds;

    @Version
    public long version;
}
