package dev.parley.routing.repository;

import dev.parley.routing.AssignmentStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    private final EntityManager entityManager;

    public AssignmentRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The oldest waiting transfer of a queue ({@code teamId == null}: the general queue) nobody else is deciding on. */
    public Optional<String> lockQueueHead(String tenantId, String teamId) {
        return lockQueueHeads(tenantId, teamId, null, 1).stream().findFirst();
    }

    /**
     * The {@code limit} oldest waiting transfers of a queue that nobody else is deciding on, oldest first; with
     * {@code notAfter}, only those created then or earlier.
     */
    @SuppressWarnings("unchecked")
    public List<String> lockQueueHeads(String tenantId, String teamId, Instant notAfter, int limit) {
        String sql = """
                select id from transfer where tenant_id = :tenant and status = 'WAITING' and %s %s
                order by created_at, id limit :limit for update skip locked"""
                .formatted(teamId == null ? "team_id is null" : "team_id = :team",
                        notAfter == null ? "" : "and created_at <= :notAfter");
        var query = entityManager.createNativeQuery(sql, String.class).setParameter("tenant", tenantId)
                .setParameter("limit", limit);
        if (teamId != null) {
            query.setParameter("team", teamId);
        }
        if (notAfter != null) {
            query.setParameter("notAfter", notAfter);
        }
        return query.getResultList();
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
     * The best free agent for a queue, locked: one probe of the ordered index of free agents ({@code free_rank}:
     * accepting chats, a free slot, not a supervisor there; priority {@code first} before {@code normal} before
     * {@code last}), then the strategy (round robin: least recently assigned in this queue; load balanced: fewest
     * active chats). Agents another replica is assigning right now are skipped. The agent's own row is checked
     * again once locked, so a rank that changed meanwhile never lets a full or absent agent through.
     */
    public Optional<String> lockBestAgent(String tenantId, String teamId, AssignmentStrategy strategy) {
        String sql;
        if (teamId == null) {
            String order = strategy == AssignmentStrategy.LOAD_BALANCED
                    ? "a.free_rank, a.active_chats, a.last_assigned_at nulls first, a.id"
                    : "a.free_rank, a.last_assigned_at nulls first, a.id";
            sql = """
                    select a.id from agent a
                    where a.tenant_id = ?1 and a.free_rank is not null
                    order by %s
                    limit 1 for update of a skip locked""".formatted(order);
        } else {
            String order = strategy == AssignmentStrategy.LOAD_BALANCED
                    ? "m.free_rank, m.active_chats, m.last_assigned_at nulls first, m.agent_id"
                    : "m.free_rank, m.last_assigned_at nulls first, m.agent_id";
            sql = """
                    select a.id from team_member m join agent a on a.id = m.agent_id
                    where m.team_id = ?2 and m.free_rank is not null and a.tenant_id = ?1
                      and a.status = 'ACCEPTING_CHATS' and a.active_chats < a.max_chats_count
                    order by %s
                    limit 1 for update of a skip locked""".formatted(order);
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

    /**
     * The queues of a tenant that have waiting transfers, with the time their oldest has waited since: one index
     * probe per team (and one for the general queue), whatever the length of the queues.
     */
    public Map<String, Instant> waitingQueueHeads(String tenantId) {
        return heads(entityManager.createNativeQuery("""
                select t.id, (select min(w.created_at) from transfer w
                              where w.tenant_id = t.tenant_id and w.status = 'WAITING' and w.team_id = t.id)
                from team t where t.tenant_id = ?1""").setParameter(1, tenantId).getResultList(), tenantId);
    }

    /** Like {@link #waitingQueueHeads}, for the queues an agent serves: its teams and the general queue. */
    public Map<String, Instant> waitingQueueHeadsServedBy(String tenantId, String agentId) {
        return heads(entityManager.createNativeQuery("""
                select m.team_id, (select min(w.created_at) from transfer w
                                   where w.tenant_id = m.tenant_id and w.status = 'WAITING' and w.team_id = m.team_id)
                from team_member m where m.agent_id = ?1 and m.tenant_id = ?2""")
                .setParameter(1, agentId).setParameter(2, tenantId).getResultList(), tenantId);
    }

    private Map<String, Instant> heads(List<?> teamRows, String tenantId) {
        Map<String, Instant> heads = new LinkedHashMap<>();
        for (Object row : teamRows) {
            Object[] columns = (Object[]) row;
            if (columns[1] != null) {
                heads.put((String) columns[0], toInstant(columns[1]));
            }
        }
        queueHead(tenantId, null).ifPresent(head -> heads.put(null, head));
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
        // one index probe per tenant (a skip scan), not one row per waiting transfer
        return entityManager.createNativeQuery("""
                with recursive tenants (tenant_id) as (
                    (select tenant_id from transfer where status = 'WAITING' order by tenant_id limit 1)
                    union all
                    select (select w.tenant_id from transfer w where w.status = 'WAITING' and w.tenant_id > t.tenant_id
                            order by w.tenant_id limit 1)
                    from tenants t where t.tenant_id is not null)
                select tenant_id from tenants where tenant_id is not null""", String.class)
                .getResultList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
