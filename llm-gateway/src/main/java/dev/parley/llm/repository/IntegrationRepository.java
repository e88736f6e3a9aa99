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

    /** Enabled integrations usable by a call for {@code botId} (may be null): the bot's own first, newest first. */
    public List<Integration> enabledFor(String tenantId, String botId, String provider) {
        StringBuilder where = new StringBuilder("tenantId = :tenant and enabled = true and (botId is null");
        Parameters params = Parameters.with("tenant", tenantId);
        if (botId != null) {
            where.append(" or botId = :bot");
            params.and("bot", botId);
        }
        where.append(")");
        if (provider != null) {
            where.append(" and provider = :provider");
            params.and("provider", provider);
        }
        return find(where + " order by case when botId is null then 1 else 0 end, createdAt desc, id", params).list();
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
