package dev.parley.llm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's monthly token budget where it overrides the plan's default. */
@Entity
@Table(name = "token_budget")
public class TokenBudget {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "monthly_tokens", nullable = false)
    public long monthlyTokens;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
