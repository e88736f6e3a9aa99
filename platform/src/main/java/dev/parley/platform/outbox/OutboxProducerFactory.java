package dev.parley.platform.outbox;

import dev.parley.platform.kafka.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The relay's producer: idempotent, acknowledged by all replicas, and sending without batching delay. */
@ApplicationScoped
public class OutboxProducerFactory {

    private final Map<String, Object> broker;

    /** {@code broker}: every {@code kafka.*} setting (address, security, SASL), as the messaging channels get them. */
    public OutboxProducerFactory(@Identifier("default-kafka-broker") Map<String, Object> broker) {
        this.broker = broker;
    }

    KafkaProducer<String, String> create() {
        Map<String, Object> config = new HashMap<>(KafkaClients.connection(broker));
        config.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay"));
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
