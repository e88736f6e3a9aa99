package dev.parley.platform.kafka;

import java.util.Map;
import java.util.stream.Collectors;

/** What every Kafka client Parley builds itself (outbox relay, topic provisioner) shares with the channels. */
public final class KafkaClients {

    /**
     * The connection settings among the {@code kafka.*} configuration (bootstrap servers, {@code security.protocol},
     * {@code sasl.*}, {@code ssl.*}, client DNS lookup), so a broker that requires SASL or TLS works for them too.
     */
    public static Map<String, Object> connection(Map<String, Object> broker) {
        return broker.entrySet().stream()
                .filter(e -> e.getKey().equals("bootstrap.servers") || e.getKey().equals("security.protocol")
                        || e.getKey().startsWith("sasl.") || e.getKey().startsWith("ssl.")
                        || e.getKey().equals("client.dns.lookup"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private KafkaClients() {
    }
}
