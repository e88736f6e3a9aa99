package dev.parley.llm.repository;

import dev.parley.llm.AgentExecution;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class AgentExecutionRepository implements TenantOwnedRepository<AgentExecution> {

    public Page<AgentExecution> search(String tenantId, String loopId, String status, PageRequest page) {
        StringBuilder where = new StringBuilder("tenantId = :tenant and loopId = :loop");
        Parameters params = Parameters.with("tenant", tenantId).and("loop", loopId);
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        return page(find(where.toString(), Sort.descending("createdAt").and("id"), params), page);
    }

    public Optional<AgentExecution> findOfLoop(String tenantId, String loopId, String id) {
        return find("id = ?1 and tenantId = ?2 and loopId = ?3", id, tenantId, loopId).firstResultOptional();
    }

    public Optional<AgentExecution> findForUpdate(String id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Queued or running executions nobody confirmed since {@code before}; rows another gateway holds are skipped. */
    public List<AgentExecution> abandoned(Instant before, int limit) {
        return find("status in ('queued', 'running') and heartbeatAt < ?1", Sort.ascending("heartbeatAt"), before)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2)
                .page(0, limit).list();
    }

    public int touch(Collection<String> ids, Instant now) {
        return update("heartbeatAt = ?1 where id in ?2 and status in ('queued', 'running')", now, ids);
    }
}
