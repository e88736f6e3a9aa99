package dev.parley.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.id.Ids;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The only way events leave a service: {@link #publish} stores the event in the caller's transaction, and
 * the {@link OutboxRelay} sends it once that transaction has committed. A rolled-back change publishes nothing.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final OpenTelemetry telemetry;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final String source;

    public Outbox(EntityManager entityManager, ObjectMapper json, OpenTelemetry telemetry,
            TransactionSynchronizationRegistry transactions, OutboxRelay relay,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.entityManager = entityManager;
        this.json = json;
        this.telemetry = telemetry;
        this.transactions = transactions;
        this.relay = relay;
        this.source = "/parley/" + applicationName;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(OutgoingEvent event) {
        OutboxRecord record = new OutboxRecord();
        record.eventId = Ids.generate("evt");
        record.topic = event.topic();
        record.messageKey = event.key();
        record.type = event.type();
        record.source = source;
        record.tenantId = event.tenantId();
        record.payload = event.data() == null ? null : toJson(event.data());
        Map<String, String> trace = new HashMap<>();
        telemetry.getPropagators().getTextMapPropagator().inject(Context.current(), trace, Map::put);
        record.traceparent = trace.get("traceparent");
        record.tracestate = trace.get("tracestate");
        entityManager.persist(record);
        transactions.registerInterposedSynchronization(new WakeRelayAfterCommit(relay));
    }

    /**
     * As {@link #publish} for many events at once (a batch of usage records): one batched insert, so the cost of the
     * round trip is shared. The trace context is the caller's, the same for all.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<OutgoingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, String> trace = new HashMap<>();
        telemetry.getPropagators().getTextMapPropagator().inject(Context.current(), trace, Map::put);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into outbox_event (event_id, topic, message_key, type, source, tenant_id, payload, traceparent,
                      tracestate, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (OutgoingEvent event : events) {
                    insert.setString(1, Ids.generate("evt"));
                    insert.setString(2, event.topic());
                    insert.setString(3, event.key());
                    insert.setString(4, event.type());
                    insert.setString(5, source);
                    insert.setString(6, event.tenantId());
                    insert.setString(7, event.data() == null ? null : toJson(event.data()));
                    insert.setString(8, trace.get("traceparent"));
                    insert.setString(9, trace.get("tracestate"));
                    insert.setObject(10, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        transactions.registerInterposedSynchronization(new WakeRelayAfterCommit(relay));
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload cannot be serialized: " + data.getClass(), e);
        }
    }

    private record WakeRelayAfterCommit(OutboxRelay relay) implements Synchronization {

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }
    }
}
