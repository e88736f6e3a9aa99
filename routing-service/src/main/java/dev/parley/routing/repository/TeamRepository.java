package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.routing.Team;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, String> {

    public Optional<Team> findOwned(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    public boolean nameTaken(String tenantId, String name) {
        return count("tenantId = ?1 and lower(name) = lower(?2)", tenantId, name) > 0;
    }

    public Page<Team> listOwned(String tenantId, PageRequest page) {
        PanacheQuery<Team> query = find("tenantId", Sort.ascending("name").and("id"), tenantId)
                .page(io.quarkus.panache.common.Page.of(page.page() - 1, page.perPage()));
        return new Page<>(query.list(), page, query.count());
    }
}
