package dev.parley.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the real broker (the tests' Kafka on 127.0.0.1:9092, a topic of this test's own): a consumer group that starts at
 * the end of its topic and dies before its first commit must resume where it started, not at the new end.
 */
class StartPositionPinningTest {

    static final String BOOTSTRAP = "127.0.0.1:9092";
    final String topic = "test.platform.pinning-" + System.nanoTime();
    final String group = topic + ".group";
    Admin admin;

    @BeforeEach
    void createTopic() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }

    @AfterEach
    void deleteTopic() throws Exception {
        admin.deleteTopics(List.of(topic)).all().get();
        admin.close();
    }

    @Test
    void aRecordPublishedWhileANewGroupsOnlyConsumerWasDownIsReadAfterItsRestart() {
        try (KafkaConsumer<String, String> first = consumer()) {
            first.subscribe(List.of(topic), pinning(first));
            long deadline = System.currentTimeMillis() + 30_000;
            while (first.assignment().size() < 2 && System.currentTimeMillis() < deadline) {
                first.poll(Duration.ofMillis(100));
            }
            assertThat(first.assignment()).as("partitions assigned to the first consumer").hasSize(2);
        } // gone before reading or committing anything, as a killed replica

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BOOTSTRAP), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "published while down"));
            producer.send(new ProducerRecord<>(topic, 1, "k", "also published while down"));
        }

        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> restarted = consumer()) {
            restarted.subscribe(List.of(topic), pinning(restarted));
            long deadline = System.currentTimeMillis() + 30_000;
            while (read.size() < 2 && System.currentTimeMillis() < deadline) {
                restarted.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
            }
        }
        assertThat(read).containsExactlyInAnyOrder("published while down", "also published while down");
    }

    KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    /** What SmallRye does with the channel's named listener: calls it with the consumer on each assignment. */
    static ConsumerRebalanceListener pinning(KafkaConsumer<String, String> consumer) {
        StartPositionPinning pinning = new StartPositionPinning();
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                pinning.onPartitionsAssigned(consumer, partitions);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }
        };
    }
}
