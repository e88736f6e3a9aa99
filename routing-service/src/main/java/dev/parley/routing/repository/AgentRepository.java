package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.Agent;
import dev.parley.routing.AgentStatus;
import dev.parley.routing.AgentType;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class AgentRepository implements TenantOwnedRepository<Agent> {

    /** {@code ownerId == null}: every agent of the tenant; otherwise that caller's bot agents. */
    public Page<Agent> list(String tenantId, String ownerId, AgentType type, AgentStatus status, PageRequest page) {
        StringBuilder query = new StringBuilder("tenantId = :tenant");
        Parameters parameters = Parameters.with("tenant", tenantId);
        if (ownerId != null) {
            query.append(" and ownerId = :owner and type = :bot");
            parameters.and("owner", ownerId).and("bot", AgentType.BOT);
        }
        if (type != null) {
            query.append(" and type = :type");
            parameters.and("type", type);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        return page(find(query.toString(), Sort.ascending("name").and("id"), parameters), page);
    }

    public Optional<Agent> findByUser(String tenantId, String userId) {
        return find("tenantId = ?1 and userId = ?2", tenantId, userId).firstResultOptional();
    }

    public boolean userTaken(String tenantId, String userId, String exceptAgentId) {
        return count("tenantId = ?1 and userId = ?2 and id <> ?3", tenantId, userId, exceptAgentId) > 0;
    }

    /** The names of the tenant's agents among {@code ids}, by id (absent ids, and {@code null}, map to nothing). */
    public Map<String, String> names(String tenantId, Set<String> ids) {
        return columnByIds("agent", "name", tenantId, ids);
    }
}
