package dev.parley.llm.repository;

import dev.parley.llm.Integration;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class IntegrationRepository implements TenantOwnedRepository<Integration> {

    /** The tenant's enabled integrations, newest first. */
    public List<Integration> enabled(String tenantId) {
        return list("tenantId = ?1 and enabled = true", Sort.descending("createdAt").and("id"), tenantId);
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
        return page(find(where.toString(), Sort.descending("createdAt").and("id"), params), page);
    }

    /** One more failed call in a row through the integration; returns how many there are now. */
    public int countFailure(String integrationId, String error, Instant at) {
        return ((Number) getEntityManager().createNativeQuery("""
                update integration set consecutive_failures = consecutive_failures + 1, last_error = ?1,
                       last_failure_at = ?2
                 where id = ?3 returning consecutive_failures""")
                .setParameter(1, error).setParameter(2, at).setParameter(3, integrationId)
                .getSingleResult()).intValue();
    }

    /** A call through the integration succeeded: its run of failures is over. */
    public void resetFailures(String integrationId) {
        getEntityManager().createNativeQuery("update integration set consecutive_failures = 0 where id = ?1")
                .setParameter(1, integrationId).executeUpdate();
    }
}
