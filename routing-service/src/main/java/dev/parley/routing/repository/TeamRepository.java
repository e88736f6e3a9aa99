package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.Team;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TeamRepository implements TenantOwnedRepository<Team> {

    public boolean nameTaken(String tenantId, String name) {
        return count("tenantId = ?1 and lower(name) = lower(?2)", tenantId, name) > 0;
    }

    public Page<Team> listOwned(String tenantId, PageRequest page) {
        return page(find("tenantId", Sort.ascending("name").and("id"), tenantId), page);
    }
}
