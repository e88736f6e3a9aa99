package dev.parley.routing.repository;

import dev.parley.routing.AssignmentStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements that decide who gets which conversation. Correct with any number of routing-service
 * replicas on one database because every change is guarded in the row it changes:
 * <ul>
 * <li>a transfer leaves {@code WAITING} only through an update that requires {@code WAITING} (never assigned twice);</li>
 * <li>an agent's {@code active_chats} grows only through an update that requires
 * {@code active_chats < max_chats_count} (never over capacity), and the row lock it takes serializes
 * concurrent assignments to one agent;</li>
 * <li>automatic assignment locks the queue head and the chosen agent with {@code FOR UPDATE SKIP LOCKED}, so
 * replicas working at the same moment take different transfers and agents instead of waiting on each other.</li>
 * </ul>
 * Every method runs inside the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AssignmentRepository {

    private static final String PRIORITY_RANK = """
            case %s when 'FIRST' then 0 when 'NORMAL' then 1 else 2 end""";

    private final EntityManager entityManager;

    public AssignmentRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The oldest waiting transfer of a queue ({@code teamId == null}: the general queue) nobody else is deciding on. */
    public Optional<String> lockQueueHead(String tenantId, String teamId) {
        String sql = """
                select id from transfer where tenant_id = ?1 and status = 'WAITING' and %s
                order by created_at, id limit 1 for update skip locked"""
                .formatted(teamId == null ? "team_id is null" : "team_id = ?2");
        var query = entityManager.createNativeQuery(sql, String.class).setParameter(1, tenantId);
        if (teamId != null) {
            query.setParameter(2, teamId);
        }
        return query.getResultStream().findFirst().map(String.class::cast);
    }

    /**
     * The oldest waiting transfer for a pickup, locked: {@code teamFilter} null for any queue, {@code ""} for the
     * general queue, else that team's.
     */
    public Optional<String> lockOldestWaiting(String tenantId, String teamFilter) {
        if (teamFilter != null) {
            return lockQueueHead(tenantId, teamFilter.isEmpty() ? null : teamFilter);
        }
        return entityManager.createNativeQuery("""
                select id from transfer where tenant_id = ?1 and status = 'WAITING'
                order by created_at, id limit 1 for update skip locked""", String.class)
                .setParameter(1, tenantId).getResultStream().findFirst().map(String.class::cast);
    }

    /** Locks agents in id order, so that two changes touching the same agents never wait on each other in a cycle. */
    public void lockAgents(List<String> agentIds) {
        entityManager.createNativeQuery("select id from agent where id in (?1) order by id for update")
                .setParameter(1, agentIds).getResultList();
    }

    /** Waits for whoever else decides on this transfer; its status and agent at that point. */
    public Optional<Object[]> lockTransfer(String tenantId, String transferId) {
        List<?> rows = entityManager.createNativeQuery(
                "select status, agent_id from transfer where id = ?1 and tenant_id = ?2 for update")
                .setParameter(1, transferId).setParameter(2, tenantId).getResultList();
        return rows.stream().findFirst().map(Object[].class::cast);
    }

    /**
     * The best free agent for a queue, locked: accepting chats, a free slot, not a supervisor; priority
     * {@code first} before {@code normal} before {@code last}; then the strategy (round robin: least recently
     * assigned in this queue; load balanced: fewest active chats). Agents another replica is assigning right
     * now are skipped.
     */
    public Optional<String> lockBestAgent(String tenantId, String teamId, AssignmentStrategy strategy) {
        String sql;
        if (teamId == null) {
            String order = strategy == AssignmentStrategy.LOAD_BALANCED
                    ? "a.active_chats, a.last_assigned_at nulls first"
                    : "a.last_assigned_at nulls first";
            sql = """
                    select a.id from agent a
                    where a.tenant_id = ?1 and a.status = 'ACCEPTING_CHATS' and a.active_chats < a.max_chats_count
                      and a.default_group_priority <> 'SUPERVISOR'
                    order by %s, %s, a.id
                    limit 1 for update of a skip locked""".formatted(PRIORITY_RANK.formatted("a.default_group_priority"), order);
        } else {
            String order = strategy == AssignmentStrategy.LOAD_BALANCED
                    ? "a.active_chats, m.last_assigned_at nulls first"
                    : "m.last_assigned_at nulls first";
            sql = """
                    select a.id from team_member m join agent a on a.id = m.agent_id
                    where m.team_id = ?2 and a.tenant_id = ?1 and a.status = 'ACCEPTING_CHATS'
                      and a.active_chats < a.max_chats_count
                      and coalesce(m.priority, a.default_group_priority) <> 'SUPERVISOR'
                    order by %s, %s, a.id
                    limit 1 for update of a skip locked"""
                    .formatted(PRIORITY_RANK.formatted("coalesce(m.priority, a.default_group_priority)"), order);
        }
        var query = entityManager.createNativeQuery(sql, String.class).setParameter(1, tenantId);
        if (teamId != null) {
            query.setParameter(2, teamId);
        }
        return query.getResultStream().findFirst().map(String.class::cast);
    }

    /** One more chat for the agent, if it has a free slot; false when it is full. */
    public boolean takeSlot(String tenantId, String agentId) {
        return entityManager.createNativeQuery("""
                update agent set active_chats = active_chats + 1, last_assigned_at = clock_timestamp()
                where id = ?1 and tenant_id = ?2 and active_chats < max_chats_count""")
                .setParameter(1, agentId).setParameter(2, tenantId).executeUpdate() == 1;
    }

    public void releaseSlot(String agentId) {
        entityManager.createNativeQuery("update agent set active_chats = active_chats - 1 where id = ?1 and active_chats > 0")
                .setParameter(1, agentId).executeUpdate();
    }

    /** Moves a transfer from {@code expectedStatus} (and {@code expectedAgent}) to the agent; false if it had moved on. */
    public boolean markAssigned(String transferId, String agentId, String expectedStatus, String expectedAgent) {
        return entityManager.createNativeQuery("""
                update transfer set status = 'ASSIGNED', agent_id = ?2, assigned_at = clock_timestamp(),
                    updated_at = clock_timestamp()
                where id = ?1 and status = ?3 and agent_id is not distinct from ?4""")
                .setParameter(1, transferId).setParameter(2, agentId).setParameter(3, expectedStatus)
                .setParameter(4, expectedAgent).executeUpdate() == 1;
    }

    public void touchMembership(String teamId, String agentId) {
        entityManager.createNativeQuery(
                "update team_member set last_assigned_at = clock_timestamp() where team_id = ?1 and agent_id = ?2")
                .setParameter(1, teamId).setParameter(2, agentId).executeUpdate();
    }

    /** Hands the transfer back to the bot; false if it was already resumed. */
    public boolean markResumed(String transferId) {
        return entityManager.createNativeQuery("""
                update transfer set status = 'RESUMED', resumed_at = clock_timestamp(), updated_at = clock_timestamp()
                where id = ?1 and status in ('WAITING', 'ASSIGNED')""")
                .setParameter(1, transferId).executeUpdate() == 1;
    }

    /** Puts an assigned transfer back at its place in the queue (its agent left). */
    public boolean requeue(String transferId) {
        return entityManager.createNativeQuery("""
                update transfer set status = 'WAITING', agent_id = null, assigned_at = null, updated_at = clock_timestamp()
                where id = ?1 and status = 'ASSIGNED'""")
                .setParameter(1, transferId).executeUpdate() == 1;
    }

    /** The queues of a tenant that have waiting transfers, with the time their oldest has waited since. */
    public Map<String, Instant> waitingQueueHeads(String tenantId) {
        List<?> rows = entityManager.createNativeQuery("""
                select team_id, min(created_at) from transfer where tenant_id = ?1 and status = 'WAITING'
                group by team_id""").setParameter(1, tenantId).getResultList();
        Map<String, Instant> heads = new LinkedHashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            heads.put((String) columns[0], toInstant(columns[1]));
        }
        return heads;
    }

    public Optional<Instant> queueHead(String tenantId, String teamId) {
        String sql = "select min(created_at) from transfer where tenant_id = ?1 and status = 'WAITING' and "
                + (teamId == null ? "team_id is null" : "team_id = ?2");
        var query = entityManager.createNativeQuery(sql).setParameter(1, tenantId);
        if (teamId != null) {
            query.setParameter(2, teamId);
        }
        return Optional.ofNullable(query.getSingleResult()).map(AssignmentRepository::toInstant);
    }

    @SuppressWarnings("unchecked")
    public List<String> tenantsWithWaitingTransfers() {
        return entityManager.createNativeQuery("select distinct tenant_id from transfer where status = 'WAITING'", String.class)
                .getResultList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
