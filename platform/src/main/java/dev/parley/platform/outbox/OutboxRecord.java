package dev.parley.platform.outbox;

import dev.parley.platform.repository.Created;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One event waiting to be relayed to Kafka; written in the same transaction as the change it describes. */
@Entity
@Table(name = "outbox_event")
public class OutboxRecord extends Created {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String source;

    @Column(name = "tenant_id")
    public String tenantId;

    /** JSON, or null for a tombstone. */
    @Column(columnDefinition = "text")
    public String payload;

    /** W3C trace context of the request that caused the event, so consumers continue its trace. */
    public String traceparent;

    public String tracestate;
}
