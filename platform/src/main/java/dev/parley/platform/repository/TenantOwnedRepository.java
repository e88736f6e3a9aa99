package dev.parley.platform.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.persistence.LockModeType;
import java.util.Optional;

/**
 * A repository of entities that belong to a tenant (a {@code tenantId} field, a {@code String} id). Reads by
 * id always name the tenant, so another tenant's object is simply not found.
 */
public interface TenantOwnedRepository<E> extends PanacheRepositoryBase<E, String> {

    /** The tenant's entity, or empty for a missing id and another tenant's entity alike. */
    default Optional<E> findOwned(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    /**
     * The tenant's entity, locked until the transaction ends: concurrent changes to one entity apply one after
     * the other, each on the result of the last, instead of failing.
     */
    default Optional<E> findOwnedForUpdate(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** One page of {@code query} and the total count behind it. */
    default Page<E> page(PanacheQuery<E> query, PageRequest page) {
        query.page(io.quarkus.panache.common.Page.of(page.page() - 1, page.perPage()));
        return new Page<>(query.list(), page, query.count());
    }
}
