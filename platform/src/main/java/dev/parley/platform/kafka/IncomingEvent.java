package dev.parley.platform.kafka;

import dev.parley.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A binary-mode CloudEvent read back from a Kafka record. {@code data == null} is a tombstone. */
public record IncomingEvent(String id, String type, String tenantId, String key, String data) {

    public static IncomingEvent from(ConsumerRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID);
        if (id == null) {
            // not a CloudEvent: fall back to the record's coordinates, which are unique too
            id = record.topic() + "/" + record.partition() + "/" + record.offset();
        }
        return new IncomingEvent(id, header(record, CloudEventHeaders.TYPE), header(record, CloudEventHeaders.TENANT_ID),
                record.key(), record.value());
    }

    public boolean isTombstone() {
        return data == null;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
