package dev.parley.platform.outbox;

/**
 * An event to publish once the surrounding transaction commits. {@code data == null} publishes a tombstone.
 *
 * @param topic    Kafka topic, one of {@link dev.parley.events.Topics}
 * @param key      record key; events with the same key keep their order
 * @param type     CloudEvent type, e.g. {@code bot.created}
 * @param tenantId the tenant the event belongs to
 * @param data     the payload, serialized as JSON
 */
public record OutgoingEvent(String topic, String key, String type, String tenantId, Object data) {
}
