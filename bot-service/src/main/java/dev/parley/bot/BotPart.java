package dev.parley.bot;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Something a bot is built from and that belongs to that one bot: a keyword rule or an AI context. {@code definition}
 * is the part as the engine reads it, stored without its id; {@code priority} is copied from it for ordering in SQL.
 */
@MappedSuperclass
public abstract class BotPart<D> extends Timestamped {

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
    public D definition;

    public void define(D definition) {
        this.definition = definition;
        this.priority = priorityOf(definition);
    }

    /** The part as it travels in the bot's snapshot: its definition with its id. */
    public abstract D published();

    /** The name a tenant gave it, by which an import matches it; may be null. */
    public String name() {
        return nameOf(definition);
    }

    protected abstract int priorityOf(D definition);

    protected abstract String nameOf(D definition);
}
