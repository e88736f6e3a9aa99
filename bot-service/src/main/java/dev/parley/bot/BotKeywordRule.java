package dev.parley.bot;

import dev.parley.events.bot.KeywordRule;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A bot's keyword rule. {@code definition} is the rule as the engine reads it, without its id. */
@Entity
@Table(name = "keyword_rule")
public class BotKeywordRule {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "bot_id", nullable = false, updatable = false)
    public String botId;

    /** Copied from the definition for ordering in SQL. */
    @Column(nullable = false)
    public int priority;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public KeywordRule definition;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public void define(KeywordRule definition) {
        this.definition = definition;
        this.priority = definition.priority();
    }

    /** The rule as it travels in the bot's snapshot. */
    public KeywordRule toRule() {
        KeywordRule d = definition;
        return new KeywordRule(id, d.name(), d.keywords(), d.matchType(), d.response(), d.priority(), d.enabled());
    }
}
