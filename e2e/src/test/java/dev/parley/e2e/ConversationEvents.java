package dev.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.events.Topics;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.ServiceJar;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * conversation-service's {@code message.received} and {@code message.sent} events of some conversations, as the broker
 * has them: distinct messages, and events the outbox published more than once (same {@code ce_id}).
 */
record ConversationEvents(int received, int sent, int repeated) {

    String line(String label) {
        return "%s: on the broker, message.received for %d messages, message.sent (pong) for %d, %d events published twice"
                .formatted(label, received, sent, repeated);
    }

    /** Reads the topic from its start until {@code expected} messages each way are there, or {@code patience} ends. */
    static ConversationEvents await(String bootstrap, Set<String> conversations, int expected, Duration patience) {
        Set<String> received = new HashSet<>();
        Set<String> sent = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        int repeated = 0;
        long deadline = System.currentTimeMillis() + patience.toMillis();
        try (KafkaProbe probe = KafkaProbe.fromBeginning(bootstrap, ServiceJar.KAFKA_PREFIX + Topics.CONVERSATIONS)) {
            while (System.currentTimeMillis() < deadline && (received.size() < expected || sent.size() < expected)) {
                for (ConsumerRecord<String, String> record : probe.drain(Duration.ofSeconds(1))) {
                    if (record.key() == null || !conversations.contains(record.key())) {
                        continue;
                    }
                    if (!eventIds.add(KafkaProbe.header(record, "ce_id"))) {
                        repeated++;
                    }
                    JsonNode event = ConversationStream.JSON.readTree(record.value());
                    String type = KafkaProbe.header(record, "ce_type");
                    if ("message.received".equals(type)) {
                        received.add(event.path("messageId").asText());
                    } else if ("message.sent".equals(type) && event.path("text").asText().startsWith("pong ")) {
                        sent.add(event.path("messageId").asText());
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ConversationEvents(received.size(), sent.size(), repeated);
    }
}
