package dev.parley.conversation.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.testing.KafkaProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Everything published on a topic since it was opened, kept, so that no event is skipped by an earlier wait. */
public final class EventLog implements AutoCloseable {

    private final KafkaProbe probe;
    private final ObjectMapper json;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public EventLog(String topic, ObjectMapper json) {
        this.probe = KafkaProbe.tail(topic);
        this.json = json;
    }

    /** The oldest not yet taken event of {@code type} keyed {@code key}; waits up to 15 s. */
    public synchronized JsonNode take(String key, String type) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            Iterator<ConsumerRecord<String, String>> it = seen.iterator();
            while (it.hasNext()) {
                ConsumerRecord<String, String> r = it.next();
                if (key.equals(r.key()) && type.equals(KafkaProbe.header(r, "ce_type"))) {
                    it.remove();
                    try {
                        return json.readTree(r.value());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no " + type + " for " + key);
            }
            seen.addAll(probe.drain(Duration.ofMillis(200)));
        }
    }

    @Override
    public void close() {
        probe.close();
    }
}
