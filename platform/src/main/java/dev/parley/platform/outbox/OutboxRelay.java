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
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Sends committed outbox events to Kafka as binary-mode CloudEvents, oldest first, then deletes them.
 * Only one replica relays at a time (a PostgreSQL advisory lock), which keeps per-key order across replicas.
 * A crash between send and delete re-sends; consumers are idempotent by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed: the advisory lock that elects the relaying replica for one transaction. */
    private static final long RELAY_LOCK = 0x7061726c6579L;

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
        while (running) {
            try {
                signal.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
                while (running && relayBatch() == config.batchSize()) {
                    // a full batch: there may be more waiting
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Outbox relay round failed, retrying in %s: %s", config.retryBackoff(), e.getMessage());
                sleep(config.retryBackoff().toMillis());
            }
        }
    }

    /** Relays one batch in one transaction; returns how many events it sent. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Boolean elected = (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                    .setParameter(1, RELAY_LOCK).getSingleResult();
            if (!Boolean.TRUE.equals(elected)) {
                return 0;
            }
            List<OutboxRecord> batch = entityManager
                    .createQuery("from OutboxRecord order by id", OutboxRecord.class)
                    .setMaxResults(config.batchSize())
                    .getResultList();
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
            entityManager.createNativeQuery("delete from outbox_event where id = any(?1)")
                    .setParameter(1, batch.stream().map(r -> r.id).toArray(Long[]::new))
                    .executeUpdate();
            published.increment(batch.size());
            return batch.size();
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
