package dev.parley.platform.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Makes at-least-once delivery take effect exactly once: a consumer records the event id in the same
 * transaction as the event's effect, so a redelivered event is recognised and skipped.
 * <pre>{@code
 * @Transactional void on(IncomingEvent e) {
 *     if (!inbox.firstDelivery("key-replica", e.id())) return;
 *     ...apply the effect...
 * }}</pre>
 */
@ApplicationScoped
public class IdempotentConsumer {

    private final EntityManager entityManager;

    public IdempotentConsumer(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** True the first time {@code consumer} sees {@code eventId}; false on every redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        int inserted = entityManager.createNativeQuery("""
                insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, now())
                on conflict do nothing""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate();
        return inserted == 1;
    }
}
