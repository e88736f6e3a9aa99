package dev.parley.llm.repository;

import dev.parley.llm.Integration;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;

@ApplicationScoped
public class IntegrationRepository implements PanacheRepositoryBase<Integration, String> {

    public Optional<Integration> findOwned(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    public Optional<Integration> findOwnedForUpdate(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
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
        PanacheQuery<Integration> query = find(where.toString(), Sort.descending("createdAt").and("id"), params)
                .page(io.quarkus.panache.common.Page.of(page.page() - 1, page.perPage()));
        return new Page<>(query.list(), page, query.count());
    }
}
