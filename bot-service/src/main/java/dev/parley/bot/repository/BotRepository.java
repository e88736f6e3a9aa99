package dev.parley.bot.repository;

import dev.parley.bot.Bot;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class BotRepository implements TenantOwnedRepository<Bot> {

    public Page<Bot> search(String tenantId, BotFilter filter, PageRequest page) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status());
        }
        if (filter.provider() != null) {
            where.append(" and provider = :provider");
            params.and("provider", filter.provider());
        }
        if (filter.search() != null) {
            where.append(" and lower(name) like :search escape '\\'");
            params.and("search", "%" + likeEscaped(filter.search().toLowerCase()) + "%");
        }
        return page(find(where.toString(), Sort.descending("createdAt").and("id"), params), page);
    }

    /** The tenant's bots whose default flow or {@code flowIds} name {@code flowId}. */
    @SuppressWarnings("unchecked")
    public List<String> idsReferencingFlow(String tenantId, String flowId) {
        return getEntityManager().createNativeQuery("select id from bot where tenant_id = ?1 and (definition ->> 'flowId' = ?2 "
                + "or definition -> 'flowIds' @> jsonb_build_array(cast(?2 as text)))")
                .setParameter(1, tenantId).setParameter(2, flowId).getResultList();
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
