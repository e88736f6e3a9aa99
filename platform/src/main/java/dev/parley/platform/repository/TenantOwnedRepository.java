package dev.parley.platform.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

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

    /**
     * One text {@code column} of the tenant's rows of {@code table} among {@code ids}, by id (absent ids, and
     * {@code null}, map to nothing), in one statement of plain JDBC with an array: a query language {@code in} list is
     * translated anew for every size of list, and even a native query cost several times the statement's own time in
     * Hibernate on the hot paths that read this (routing's profile, 29 Nov). Like a native query, it first flushes
     * what the transaction changed through entities, so it reads them. {@code table} and {@code column} are the
     * code's own names, never a caller's input.
     */
    default Map<String, String> columnByIds(String table, String column, String tenantId, Collection<String> ids) {
        Map<String, String> values = new HashMap<>();
        if (ids.isEmpty()) {
            return values;
        }
        Session session = getEntityManager().unwrap(Session.class);
        if (session.isJoinedToTransaction()) {
            session.flush();
        }
        session.doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select id, " + column + " from " + table + " where tenant_id = ? and id = any(?)")) {
                statement.setString(1, tenantId);
                statement.setArray(2, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        values.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        });
        return values;
    }
}
