package dev.parley.bot.repository;

import dev.parley.bot.ApiKey;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ApiKeyRepository implements TenantOwnedRepository<ApiKey> {

    public Optional<ApiKey> findByHash(String hash) {
        return find("hash", hash).firstResultOptional();
    }

    public Page<ApiKey> listOwned(String tenantId, PageRequest page) {
        return page(find("tenantId", Sort.descending("createdAt").and("id"), tenantId), page);
    }

    public List<ApiKey> listActive(String tenantId) {
        return list("tenantId = ?1 and revokedAt is null", tenantId);
    }
}
