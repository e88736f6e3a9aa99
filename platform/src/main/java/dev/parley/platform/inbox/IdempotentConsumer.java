package dev.parley.platform.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;

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

    /**
     * {@link #firstDelivery} for many events in one statement (a consumer's batch): the ids seen for the first time.
     * The ids are recorded in sorted order, so two batches holding some of the same ids never wait on each other in a
     * cycle.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> firstDeliveries(String consumer, List<String> eventIds) {
        Set<String> first = new HashSet<>();
        if (eventIds.isEmpty()) {
            return first;
        }
        String[] sorted = eventIds.stream().distinct().sorted().toArray(String[]::new);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (var insert = connection.prepareStatement("""
                    insert into processed_event (consumer, event_id, processed_at)
                    select ?, e.id, now() from unnest(?::text[]) with ordinality as e (id, n) order by e.n
                    on conflict do nothing returning event_id""")) {
                insert.setString(1, consumer);
                insert.setArray(2, connection.createArrayOf("text", sorted));
                try (var rows = insert.executeQuery()) {
                    while (rows.next()) {
                        first.add(rows.getString(1));
                    }
                }
            }
        });
        return first;
    }
}
