package dev.parley.bot;

import dev.parley.events.bot.Flow;
import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A tenant's step flow, shared by every bot that references it. {@code definition} carries no id. */
@Entity
@Table(name = "flow")
public class ConversationFlow extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Flow definition;

    public void define(Flow definition) {
        this.definition = definition;
        this.name = definition.name();
    }

    public Flow toFlow() {
        Flow d = definition;
        return new Flow(id, d.name(), d.triggerKeywords(), d.initialMessage(), d.completionMessage(), d.enabled(),
                d.panelConfig(), d.steps());
    }
}
