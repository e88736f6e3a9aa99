package dev.parley.platform.outbox;

import dev.parley.events.CloudEventHeaders;
import dev.parley.platform.kafka.TopicNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Sends committed outbox events to Kafka as binary-mode CloudEvents, oldest first, then deletes them.
 * Only one replica relays at a time (a PostgreSQL advisory lock), which keeps per-key order across replicas; a replica
 * woken while another relays looks again every {@value #TURN_RETRY_MILLIS} ms until it can, so an event it committed
 * meanwhile leaves right after that round, not at the next poll.
 * A crash between send and delete re-sends; consumers are idempotent by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed: the advisory lock that elects the relaying replica for one transaction. */
    public static final long RELAY_LOCK = 0x7061726c6579L;
    /**
     * The lock tried once (an init plan gating the scan), then the oldest events by the primary key's order; one row
     * more, its id null, says whether the lock was taken.
     */
    private static final String TAKE = """
            with elected as materialized (select pg_try_advisory_xact_lock(?) as relaying),
            taken as (
              delete from outbox_event where id = any(array(
                select id from outbox_event where (select relaying from elected) order by id limit ?))
              returning id, event_id, topic, message_key, type, source, tenant_id, payload, traceparent, tracestate,
                created_at)
            select * from taken
            union all
            select null, null, null, null, null, null, null, null, null, null, null where (select relaying from elected)""";
    /** How soon a replica that found another relaying looks again (a commit of its own wakes it sooner). */
    static final long TURN_RETRY_MILLIS = 20;
    /** What a round answers when another replica holds the relay's lock. */
    private static final int NOT_ELECTED = -1;

    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final OutboxProducerFactory producerFactory;
    private final Counter published;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, String> producer;
    private final TopicNames topicNames;

    public OutboxRelay(EntityManager entityManager, OutboxConfig config, OutboxProducerFactory producerFactory,
            TopicNames topicNames, MeterRegistry metrics) {
        this.topicNames = topicNames;
        this.entityManager = entityManager;
        this.config = config;
        this.producerFactory = producerFactory;
        this.published = Counter.builder("parley.outbox.published").description("Events relayed to Kafka")
                .register(metrics);
    }

    void start(@Observes StartupEvent event) {
        producer = producerFactory.create();
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.interrupt();
            worker.join(5_000);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Called after a commit that wrote events, so they leave at once instead of at the next poll. */
    public void wake() {
        signal.release();
    }

    private void run() {
        long wait = config.pollInterval().toMillis();
        while (running) {
            try {
                signal.tryAcquire(wait, TimeUnit.MILLISECONDS);
                signal.drainPermits();
                int sent;
                do {
                    sent = relayBatch();
                } while (running && sent == config.batchSize()); // a full batch: there may be more waiting
                wait = sent == NOT_ELECTED ? TURN_RETRY_MILLIS : config.pollInterval().toMillis();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Outbox relay round failed, retrying in %s: %s", config.retryBackoff(), e.getMessage());
                sleep(config.retryBackoff().toMillis());
            }
        }
    }

    /**
     * Relays one batch in one transaction; returns how many events it sent, or {@link #NOT_ELECTED}. One statement
     * elects this replica (the advisory lock) and takes the oldest events out of the table; they are sent, and the
     * transaction commits once Kafka has acknowledged every one. A failed send rolls the deletion back, so the events
     * stay for the next round.
     */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxRecord> batch = new ArrayList<>();
            if (!take(batch)) {
                return NOT_ELECTED;
            }
            if (batch.isEmpty()) {
                return 0;
            }
            List<Future<?>> sends = new ArrayList<>(batch.size());
            for (OutboxRecord record : batch) {
                sends.add(producer.send(toKafka(record, topicNames.of(record.topic))));
            }
            for (Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
            published.increment(batch.size());
            return batch.size();
        });
    }

    /**
     * Adds the oldest events to {@code batch}, oldest first, deleted in this transaction; false when another replica
     * holds the lock (nothing taken).
     */
    private boolean take(List<OutboxRecord> batch) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            boolean elected = false;
            try (PreparedStatement statement = connection.prepareStatement(TAKE)) {
                statement.setLong(1, RELAY_LOCK);
                statement.setInt(2, config.batchSize());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getObject(1) == null) {
                            elected = true;
                            continue;
                        }
                        OutboxRecord record = new OutboxRecord();
                        record.id = rows.getLong(1);
                        record.eventId = rows.getString(2);
                        record.topic = rows.getString(3);
                        record.messageKey = rows.getString(4);
                        record.type = rows.getString(5);
                        record.source = rows.getString(6);
                        record.tenantId = rows.getString(7);
                        record.payload = rows.getString(8);
                        record.traceparent = rows.getString(9);
                        record.tracestate = rows.getString(10);
                        record.createdAt = rows.getObject(11, OffsetDateTime.class).toInstant();
                        batch.add(record);
                    }
                }
            }
            batch.sort(Comparator.comparingLong(record -> record.id)); // a delete returns its rows in no set order
            return elected;
        });
    }

    static ProducerRecord<String, String> toKafka(OutboxRecord record, String topic) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(headers, CloudEventHeaders.ID, record.eventId);
        header(headers, CloudEventHeaders.SOURCE, record.source);
        header(headers, CloudEventHeaders.TYPE, record.type);
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(record.createdAt));
        header(headers, CloudEventHeaders.SUBJECT, record.messageKey);
        header(headers, CloudEventHeaders.TENANT_ID, record.tenantId);
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        header(headers, "traceparent", record.traceparent);
        header(headers, "tracestate", record.tracestate);
        return new ProducerRecord<>(topic, null, record.messageKey, record.payload, headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
