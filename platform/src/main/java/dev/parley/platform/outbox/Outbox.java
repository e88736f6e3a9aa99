package dev.parley.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.id.Ids;
import dev.parley.platform.transaction.AfterCommit;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The only way events leave a service: {@link #publish} stores the event in the caller's transaction, and
 * the {@link OutboxRelay} sends it once that transaction has committed. A rolled-back change publishes nothing.
 */
@ApplicationScoped
public class Outbox {

    /** The outbox's columns, in the order of {@link #bindAll}'s ten arrays. */
    public static final String COLUMNS = """
            event_id, topic, message_key, type, source, tenant_id, payload, traceparent, tracestate, created_at""";

    /**
     * {@link #bindAll}'s ten arrays as rows named {@code e}, each with its position {@code n}: what a caller's own
     * insert into {@code outbox_event} selects from when it keeps only some of them.
     */
    public static final String ROWS = """
            unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
              ?::text[]::timestamptz[]) with ordinality as e(%s, n)""".formatted(COLUMNS);

    /** Stores events, one per element of ten arrays bound by {@link #bindAll}, in their order. */
    public static final String INSERT_ALL = "insert into outbox_event (%s) select %s from %s order by e.n"
            .formatted(COLUMNS, COLUMNS, ROWS);

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final OpenTelemetry telemetry;
    private final AfterCommit afterCommit;
    private final OutboxRelay relay;
    private final String source;

    public Outbox(EntityManager entityManager, ObjectMapper json, OpenTelemetry telemetry,
            AfterCommit afterCommit, OutboxRelay relay,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.entityManager = entityManager;
        this.json = json;
        this.telemetry = telemetry;
        this.afterCommit = afterCommit;
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
        afterCommit.run(relay::wake);
    }

    /**
     * As {@link #publish} for many events at once (a batch of transfers or of usage records): one statement whatever
     * their number. The trace context is the caller's, the same for all.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<OutgoingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
                bindAll(insert, 1, events);
                insert.executeUpdate();
            }
        });
    }

    /**
     * Stores events with the change a caller's own statement writes: {@code statement} is {@link #INSERT_ALL}, or holds
     * it (or an insert selecting from {@link #ROWS}) as one of its parts, whose ten parameters start at
     * {@code firstParameter}. Inside a transaction the relay sends them once it commits; a statement that commits
     * alone (outside any transaction) calls {@link #committed()} after it has run.
     */
    public void bindAll(PreparedStatement statement, int firstParameter, List<OutgoingEvent> events)
            throws SQLException {
        if (afterCommit.inTransaction()) {
            afterCommit.run(relay::wake);
        }
        Connection connection = statement.getConnection();
        int p = firstParameter;
        for (String[] column : columns(events)) {
            statement.setArray(p++, connection.createArrayOf("text", column));
        }
    }

    /**
     * The ten text arrays of {@link #ROWS}, in its order, for a statement that is not a JDBC one (a non-blocking
     * client's, which commits alone: call {@link #committed()} once it has). The trace context is the caller's.
     */
    public List<String[]> columns(List<OutgoingEvent> events) {
        Map<String, String> trace = new HashMap<>();
        telemetry.getPropagators().getTextMapPropagator().inject(Context.current(), trace, Map::put);
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        return List.of(
                column(events, event -> Ids.generate("evt")),
                column(events, OutgoingEvent::topic),
                column(events, OutgoingEvent::key),
                column(events, OutgoingEvent::type),
                column(events, event -> source),
                column(events, OutgoingEvent::tenantId),
                column(events, event -> event.data() == null ? null : toJson(event.data())),
                column(events, event -> trace.get("traceparent")),
                column(events, event -> trace.get("tracestate")),
                column(events, event -> now));
    }

    /** Events stored by a statement of {@link #bindAll} or {@link #columns} are committed: the relay sends them now. */
    public void committed() {
        relay.wake();
    }

    private static String[] column(List<OutgoingEvent> events, Function<OutgoingEvent, String> value) {
        return events.stream().map(value).toArray(String[]::new);
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload cannot be serialized: " + data.getClass(), e);
        }
    }
}
