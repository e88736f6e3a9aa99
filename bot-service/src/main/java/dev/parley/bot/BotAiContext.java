package dev.parley.bot;

import dev.parley.events.bot.AiContext;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A bot's AI context. {@code definition} is the context as the engine reads it, without its id. */
@Entity
@Table(name = "ai_context")
public class BotAiContext {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "bot_id", nullable = false, updatable = false)
    public String botId;

    @Column(nullable = false)
    public int priority;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public AiContext definition;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public void define(AiContext definition) {
        this.definition = definition;
        this.priority = definition.priority();
    }

    public AiContext toContext() {
        AiContext d = definition;
        return new AiContext(id, d.name(), d.triggerKeywords(), d.contextType(), d.content(), d.apiFetch(), d.priority(),
                d.enabled());
    }
}
