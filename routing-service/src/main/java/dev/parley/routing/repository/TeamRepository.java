package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.Team;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class TeamRepository implements TenantOwnedRepository<Team> {

    public boolean nameTaken(String tenantId, String name) {
        return count("tenantId = ?1 and lower(name) = lower(?2)", tenantId, name) > 0;
    }

    public Page<Team> listOwned(String tenantId, PageRequest page) {
        return page(find("tenantId", Sort.ascending("name").and("id"), tenantId), page);
    }

    /** The names of the tenant's teams among {@code ids}, by id (absent ids, and {@code null}, map to nothing). */
    public Map<String, String> names(String tenantId, Set<String> ids) {
        return columnByIds("team", "name", tenantId, ids);
    }

    /** The strategy of the tenant's team, without loading the team; empty for a missing id and another tenant's team. */
    public Optional<AssignmentStrategy> strategy(String tenantId, String id) {
        return Optional.ofNullable(columnByIds("team", "strategy", tenantId, Set.of(id)).get(id))
                .map(AssignmentStrategy::valueOf);
    }
}
