package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.WebhookDelivery;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class WebhookDeliveryRepository implements TenantOwnedRepository<WebhookDelivery> {

    /** One attempt as logged. */
    public record Attempt(int attempt, Instant attemptedAt, Integer status, String error, int durationMs) {
    }

    public Page<WebhookDelivery> ofSubscription(String subscriptionId, PageRequest page) {
        return page(find("subscriptionId", Sort.descending("createdAt").and("id", Sort.Direction.Descending), subscriptionId),
                page);
    }

    public Optional<WebhookDelivery> findOfSubscription(String tenantId, String subscriptionId, String id) {
        return find("id = ?1 and tenantId = ?2 and subscriptionId = ?3", id, tenantId, subscriptionId).firstResultOptional();
    }

    /**
     * Claims due deliveries for this replica until the lease ends: pending, due, and not claimed by a replica
     * whose lease still runs. Rows another replica is claiming at this moment are skipped.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<String> claimDue(int limit, Duration lease) {
        return getEntityManager().createNativeQuery("""
                update webhook_delivery set locked_until = clock_timestamp() + make_interval(secs => ?2)
                where id in (
                    select id from webhook_delivery
                    where status = 'PENDING' and next_attempt_at <= clock_timestamp()
                      and (locked_until is null or locked_until < clock_timestamp())
                    order by next_attempt_at limit ?1 for update skip locked)
                returning id""", String.class)
                .setParameter(1, limit).setParameter(2, (double) lease.toMillis() / 1000).getResultList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long deleteFinishedBefore(Instant before) {
        return delete("status <> ?1 and updatedAt < ?2", WebhookDelivery.Status.PENDING, before);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void logAttempt(String deliveryId, int attempt, Integer status, String error, long durationMs) {
        getEntityManager().createNativeQuery("""
                insert into webhook_attempt (delivery_id, attempt, attempted_at, status, error, duration_ms)
                values (?1, ?2, clock_timestamp(), ?3, ?4, ?5)""")
                .setParameter(1, deliveryId).setParameter(2, attempt).setParameter(3, status).setParameter(4, error)
                .setParameter(5, (int) Math.min(durationMs, Integer.MAX_VALUE)).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Attempt> attempts(String deliveryId) {
        List<?> rows = getEntityManager().createNativeQuery("""
                select attempt, attempted_at, status, error, duration_ms from webhook_attempt
                where delivery_id = ?1 order by id""").setParameter(1, deliveryId).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Attempt(((Number) row[0]).intValue(),
                toInstant(row[1]), row[2] == null ? null : ((Number) row[2]).intValue(), (String) row[3],
                ((Number) row[4]).intValue())).toList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
