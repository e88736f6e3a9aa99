package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.WebhookSubscription;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@ApplicationScoped
public class WebhookSubscriptionRepository implements TenantOwnedRepository<WebhookSubscription> {

    public Page<WebhookSubscription> listOwned(String tenantId, PageRequest page) {
        return page(find("tenantId", Sort.ascending("createdAt").and("id"), tenantId), page);
    }

    /**
     * The enabled subscriptions of these tenants, by tenant (a tenant without one is absent), in one statement (plain
     * SQL with an array: a query language {@code in} list is translated anew for every size of list).
     */
    @SuppressWarnings("unchecked")
    public Map<String, List<WebhookSubscription>> enabledOf(Collection<String> tenantIds) {
        List<WebhookSubscription> enabled = getEntityManager().createNativeQuery(
                        "select * from webhook_subscription where tenant_id = any(?1) and enabled", WebhookSubscription.class)
                .setParameter(1, tenantIds.toArray(String[]::new)).getResultList();
        return enabled.stream().collect(Collectors.groupingBy(subscription -> subscription.tenantId));
    }
}
