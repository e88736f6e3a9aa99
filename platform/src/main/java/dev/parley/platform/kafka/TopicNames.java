package dev.parley.platform.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The name a topic of {@link dev.parley.events.Topics} has on this deployment's broker: {@code parley.kafka.prefix}
 * (environment {@code PARLEY_KAFKA_PREFIX}) in front of it. Empty in production; {@code test.} in the test profile and
 * for every packaged service a test starts, so tests and benchmarks never read or write the topics of a platform
 * running beside them. The same prefix is in front of every {@code mp.messaging} topic and consumer group.
 */
@ApplicationScoped
public class TopicNames {

    private final String prefix;

    public TopicNames(@ConfigProperty(name = "parley.kafka.prefix") Optional<String> prefix) {
        this.prefix = prefix.orElse("");
    }

    public String of(String topic) {
        return prefix + topic;
    }
}
