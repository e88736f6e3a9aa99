package dev.parley.llm.repository;

import dev.parley.llm.Integration;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class IntegrationRepository implements TenantOwnedRepository<Integration> {

    /** The tenant's enabled integrations, newest first. */
    public List<Integration> enabled(String tenantId) {
        return list("tenantId = ?1 and enabled = true", Sort.descending("createdAt").and("id"), tenantId);
    }

    public Page<Integration> search(String tenantId, String botId, String provider, PageRequest page) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (botId != null) {
            where.append(" and botId = :bot");
            params.and("bot", botId);
        }
        if (provider != null) {
            where.append(" and provider = :provider");
            params.and("provider", provider);
        }
        return page(find(where.toString(), Sort.descending("createdAt").and("id"), params), page);
    }
}
