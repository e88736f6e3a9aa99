package dev.parley.routing;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A tenant's endpoint for event types (e.g. {@code transfer.*}, {@code bot.created}); disabled when it answers 410. */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscription extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(nullable = false)
    public String url;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "event_types", nullable = false)
    public List<String> eventTypes;

    /** The {@code whsec_…} signing secret, encrypted; shown once, at creation. */
    @Column(nullable = false)
    public String secret;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "disabled_reason")
    public String disabledReason;
}
