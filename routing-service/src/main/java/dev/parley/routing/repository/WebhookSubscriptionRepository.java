package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.WebhookSubscription;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

@ApplicationScoped
public class WebhookSubscriptionRepository implements TenantOwnedRepository<WebhookSubscription> {

    public Page<WebhookSubscription> listOwned(String tenantId, PageRequest page) {
        return page(find("tenantId", Sort.ascending("createdAt").and("id"), tenantId), page);
    }

    /** An enabled subscription as the fan-out reads it: where to send, the stored secret, the event types it wants. */
    public record Enabled(String id, String tenantId, String url, String encryptedSecret, List<String> eventTypes) {

        /** Whether it wants this event type: named exactly, or by a {@code prefix.*} pattern. */
        public boolean wants(String eventType) {
            return eventTypes.stream().anyMatch(pattern -> pattern.equals(eventType)
                    || pattern.endsWith(".*") && eventType.startsWith(pattern.substring(0, pattern.length() - 1)));
        }
    }

    /**
     * The enabled subscriptions of these tenants, by tenant (a tenant without one is absent), in one statement of
     * plain JDBC: read for every batch of events the fan-out takes, where Hibernate's native query with an entity
     * mapping cost more than the statement (and left the rows to be dirty-checked at every flush of the batch).
     */
    public Map<String, List<Enabled>> enabledOf(Collection<String> tenantIds) {
        Map<String, List<Enabled>> enabled = new HashMap<>();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select id, tenant_id, url, secret, array(select jsonb_array_elements_text(event_types))
                    from webhook_subscription where tenant_id = any(?) and enabled""")) {
                statement.setArray(1, connection.createArrayOf("text", tenantIds.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Enabled subscription = new Enabled(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), List.of((String[]) rows.getArray(5).getArray()));
                        enabled.computeIfAbsent(subscription.tenantId(), t -> new ArrayList<>()).add(subscription);
                    }
                }
            }
        });
        return enabled;
    }
}
