package dev.parley.platform.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes the real broker with plain Kafka clients, the way another service would: this proves
 * serialization and headers end to end, which an in-memory connector never does.
 */
public final class KafkaProbe implements AutoCloseable {

    /** The broker the service under test uses. */
    static String bootstrap() {
        return ConfigProvider.getConfig().getOptionalValue("kafka.bootstrap.servers", String.class).orElse("127.0.0.1:9092");
    }

    /**
     * The name tests give {@code topic} (one of {@link dev.parley.events.Topics}): the service's
     * {@code parley.kafka.prefix}, which is {@link ServiceJar#KAFKA_PREFIX} in the test profile and for every
     * packaged service a test starts.
     */
    public static String topic(String topic) {
        return ConfigProvider.getConfig().getOptionalValue("parley.kafka.prefix", String.class)
                .orElse(ServiceJar.KAFKA_PREFIX) + topic;
    }

    private final KafkaConsumer<String, String> consumer;

    /** Starts reading the tests' {@code topic} from its current end: only records produced from now on are seen. */
    public static KafkaProbe tail(String topic) {
        return tailAsNamed(topic(topic));
    }

    /** Starts reading {@code topic} exactly as named (no test prefix), e.g. a live platform's, from its current end. */
    public static KafkaProbe tailAsNamed(String topic) {
        return tailAsNamed(bootstrap(), topic);
    }

    /** Starts reading {@code topic}, exactly as named, of the broker at {@code bootstrap} from its current end. */
    public static KafkaProbe tailAsNamed(String bootstrap, String topic) {
        KafkaProbe probe = new KafkaProbe(bootstrap, "latest");
        probe.consumer.subscribe(List.of(topic));
        long deadline = System.currentTimeMillis() + 15_000;
        while (probe.consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            probe.consumer.poll(Duration.ofMillis(100));
        }
        probe.consumer.seekToEnd(probe.consumer.assignment());
        probe.consumer.assignment().forEach(probe.consumer::position);
        return probe;
    }

    /** Reads {@code topic}, exactly as named, of the broker at {@code bootstrap} from its first record. */
    public static KafkaProbe fromBeginning(String bootstrap, String topic) {
        KafkaProbe probe = new KafkaProbe(bootstrap, "earliest");
        probe.consumer.subscribe(List.of(topic));
        return probe;
    }

    private KafkaProbe(String bootstrap, String reset) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    /** Every record that arrives within {@code wait}. */
    public List<ConsumerRecord<String, String>> drain(Duration wait) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + wait.toMillis();
        while (System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return seen;
    }

    /** The first record matching {@code filter} within {@code wait}, if any. */
    public Optional<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, Duration wait) {
        long deadline = System.currentTimeMillis() + wait.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (filter.test(record)) {
                    return Optional.of(record);
                }
            }
        }
        return Optional.empty();
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Sends one record to the tests' {@code topic} with the given headers and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, String value, Map<String, String> headers) {
        sendAsNamed(bootstrap(), topic(topic), key, value, headers);
    }

    /** Sends one record to {@code topic}, exactly as named, of the broker at {@code bootstrap}, and waits for its ack. */
    public static void sendAsNamed(String bootstrap, String topic, String key, String value, Map<String, String> headers) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka send failed", e);
        }
    }

    /**
     * Records of the tests' {@code topic} that consumer group {@code group} has not committed yet (its lag summed over
     * the partitions; a partition it never committed counts from the beginning).
     */
    public static long uncommitted(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            String named = topic(topic);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(List.of(named)).allTopicNames().get().get(named).partitions()
                    .forEach(p -> ends.put(new TopicPartition(named, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (var end : admin.listOffsets(ends).all().get().entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("consumer group " + group + " not read", e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
