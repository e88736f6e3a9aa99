package dev.parley.llm.repository;

import dev.parley.llm.AgentLoop;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AgentLoopRepository implements TenantOwnedRepository<AgentLoop> {

    public Page<AgentLoop> search(String tenantId, PageRequest page) {
        return page(find("tenantId = ?1", Sort.descending("createdAt").and("id"), tenantId), page);
    }
}
