package dev.parley.bot.repository;

import dev.parley.bot.ConversationFlow;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class FlowRepository implements TenantOwnedRepository<ConversationFlow> {

    public Page<ConversationFlow> search(String tenantId, String search, PageRequest page) {
        if (search == null) {
            return page(find("tenantId", Sort.descending("createdAt").and("id"), tenantId), page);
        }
        return page(find("tenantId = :tenant and lower(name) like :search escape '\\'", Sort.descending("createdAt").and("id"),
                Parameters.with("tenant", tenantId).and("search", "%" + likeEscaped(search.toLowerCase()) + "%")), page);
    }

    /** The tenant's flows among {@code ids}, by name. */
    public List<ConversationFlow> findOwned(String tenantId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return list("tenantId = ?1 and id in ?2", Sort.ascending("name").and("id"), tenantId, ids);
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
