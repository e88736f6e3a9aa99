package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.WebhookSubscription;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class WebhookSubscriptionRepository implements TenantOwnedRepository<WebhookSubscription> {

    public Page<WebhookSubscription> listOwned(String tenantId, PageRequest page) {
        return page(find("tenantId", Sort.ascending("createdAt").and("id"), tenantId), page);
    }

    public List<WebhookSubscription> enabledOf(String tenantId) {
        return list("tenantId = ?1 and enabled = true", tenantId);
    }
}
