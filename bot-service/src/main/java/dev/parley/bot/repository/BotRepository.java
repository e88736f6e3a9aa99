package dev.parley.bot.repository;

import dev.parley.bot.Bot;
import dev.parley.bot.service.BotFilter;
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
public class BotRepository implements PanacheRepositoryBase<Bot, String> {

    /** The tenant's bot, or empty for a missing id and for another tenant's bot alike. */
    public Optional<Bot> findOwned(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    /**
     * The tenant's bot, locked until the transaction ends: concurrent changes to one bot apply one after the
     * other, each merging into the result of the last, instead of failing.
     */
    public Optional<Bot> findOwnedForUpdate(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public Page<Bot> search(String tenantId, BotFilter filter, PageRequest page) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status());
        }
        if (filter.provider() != null) {
            where.append(" and provider = :provider");
            params.and("provider", filter.provider());
        }
        if (filter.search() != null) {
            where.append(" and lower(name) like :search escape '\\'");
            params.and("search", "%" + likeEscaped(filter.search().toLowerCase()) + "%");
        }
        PanacheQuery<Bot> query = find(where.toString(), Sort.descending("createdAt").and("id"), params)
                .page(io.quarkus.panache.common.Page.of(page.page() - 1, page.perPage()));
        return new Page<>(query.list(), page, query.count());
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
