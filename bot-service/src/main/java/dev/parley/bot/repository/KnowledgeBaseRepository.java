package dev.parley.bot.repository;

import dev.parley.bot.KnowledgeBase;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class KnowledgeBaseRepository implements TenantOwnedRepository<KnowledgeBase> {

    public Page<KnowledgeBase> pageOwned(String tenantId, PageRequest page) {
        return page(find("tenantId", Sort.descending("createdAt").and("id"), tenantId), page);
    }

    @SuppressWarnings("unchecked")
    public List<String> botsUsing(String tenantId, String knowledgeBaseId) {
        return getEntityManager().createNativeQuery("select id from bot where tenant_id = ?1 and definition ->> 'knowledgeBaseId' = ?2")
                .setParameter(1, tenantId).setParameter(2, knowledgeBaseId).getResultList();
    }
}
