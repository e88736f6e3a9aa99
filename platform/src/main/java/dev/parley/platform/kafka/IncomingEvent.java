package dev.parley.platform.kafka;

import dev.parley.events.CloudEventHeaders;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
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

    /** The event of a record of a batch ({@code KafkaRecordBatch}), read from the consumer record it came from. */
    @SuppressWarnings("unchecked")
    public static IncomingEvent from(KafkaRecord<String, String> record) {
        return from(record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("a Kafka record without its metadata")));
    }

    public boolean isTombstone() {
        return data == null;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
