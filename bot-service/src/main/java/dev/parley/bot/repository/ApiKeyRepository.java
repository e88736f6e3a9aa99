package dev.parley.bot.repository;

import dev.parley.bot.ApiKey;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Optional<ApiKey> findByHash(String hash) {
        return find("hash", hash).firstResultOptional();
    }

    public Optional<ApiKey> findOwned(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    public Page<ApiKey> listOwned(String tenantId, PageRequest page) {
        PanacheQuery<ApiKey> query = find("tenantId", Sort.descending("createdAt").and("id"), tenantId)
                .page(io.quarkus.panache.common.Page.of(page.page() - 1, page.perPage()));
        return new Page<>(query.list(), page, query.count());
    }

    public List<ApiKey> listActive(String tenantId) {
        return list("tenantId = ?1 and revokedAt is null", tenantId);
    }
}
