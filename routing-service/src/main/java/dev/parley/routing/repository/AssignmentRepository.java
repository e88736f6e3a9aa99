package dev.parley.routing.repository;

import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.Transfer;
import dev.parley.routing.TransferStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

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

    /**
     * The free agents of a queue, in the free-agent index: the general queue's (parameter: the tenant) and a team's
     * (parameters: the team, the tenant). What a batch locks and what {@link #hasFreeAgent} looks for.
     */
    private static final String GENERAL_FREE_AGENTS = "from agent a where a.tenant_id = ? and a.free_rank is not null";
    private static final String TEAM_FREE_AGENTS = """
            from team_member m join agent a on a.id = m.agent_id
            where m.team_id = ? and m.free_rank is not null and a.tenant_id = ?
              and a.status = 'ACCEPTING_CHATS' and a.active_chats < a.max_chats_count""";

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

    /** An open transfer of a conversation that ended, locked: its tenant, id and agent (null while it waited). */
    public record OpenTransfer(String tenantId, String transferId, String agentId) {
    }

    /**
     * The open (waiting or assigned) transfers of these conversations ({@code tenantIds[i]}, {@code conversationIds[i]}),
     * locked in id order (so two changes on some of the same transfers never wait on each other in a cycle), each as it
     * is once whoever else was deciding on it has committed: one resumed meanwhile is not returned.
     */
    public List<OpenTransfer> lockOpenOfConversations(String[] tenantIds, String[] conversationIds) {
        if (tenantIds.length == 0) {
            return List.of();
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select t.tenant_id, t.id, t.agent_id from transfer t
                    join unnest(?::text[], ?::text[]) as c (tenant_id, conversation_id)
                      on t.tenant_id = c.tenant_id and t.conversation_id = c.conversation_id
                    where t.status in ('WAITING', 'ASSIGNED')
                    order by t.id for update of t""")) {
                statement.setArray(1, connection.createArrayOf("text", tenantIds));
                statement.setArray(2, connection.createArrayOf("text", conversationIds));
                List<OpenTransfer> open = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        open.add(new OpenTransfer(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                }
                return open;
            }
        });
    }

    /** One decision of a batch: the transfer as it is once assigned, with its agent's name. */
    public record Assigned(Transfer transfer, String agentName, boolean agentHasWebhook) {
    }

    /** What {@link #assignOldestToBestAgents} did: the decisions, oldest transfer first, and how many heads it locked. */
    public record Decisions(List<Assigned> assigned, int heads) {
    }

    /**
     * Up to {@code limit} decisions on one queue ({@code teamId == null}: the general queue) in one statement: it
     * locks the queue's oldest waiting transfers (with {@code notAfter}, only those created then or earlier) and the
     * best free agents, each with {@code FOR UPDATE SKIP LOCKED} (rows another replica is deciding on are passed
     * over), pairs the n-th oldest transfer with the n-th best free slot, and assigns them. The free slots are ranked
     * as if the decisions were taken one after the other: an agent's k-th slot in this batch comes after every other
     * agent's (k−1)-th of its priority (round robin: it was just assigned), or, load balanced, at the load it would
     * then have; so only the first {@code limit} agents of the ordered free-agent index can take part. The agents
     * stay locked until commit; {@link #takeSlots} then counts the chats against their capacity. A team's queue is
     * taken only while the team still has {@code strategy} (the caller read it earlier): otherwise nothing is locked
     * and the change of strategy reassesses the queue itself.
     */
    public Decisions assignOldestToBestAgents(String tenantId, String teamId, AssignmentStrategy strategy,
            Instant notAfter, int limit) {
        boolean loadBalanced = strategy == AssignmentStrategy.LOAD_BALANCED;
        // the limits are written into the statement so that PostgreSQL plans for a few rows read in index order; the
        // agents are locked as they are read, so only as many as there are heads to pair are locked
        String candidates = teamId == null ? """
                select a.id, a.free_rank, a.last_assigned_at, a.active_chats, a.max_chats_count
                %s
                order by a.free_rank, %s a.last_assigned_at nulls first, a.id
                limit %d for update of a skip locked""".formatted(GENERAL_FREE_AGENTS, loadBalanced ? "a.active_chats," : "",
                limit) : """
                select a.id, m.free_rank, m.last_assigned_at, a.active_chats, a.max_chats_count
                %s
                order by m.free_rank, %s m.last_assigned_at nulls first, m.agent_id
                limit %d for update of a skip locked""".formatted(TEAM_FREE_AGENTS, loadBalanced ? "m.active_chats," : "",
                limit);
        String slotKey = loadBalanced ? "c.free_rank, c.active_chats + k as load, k, c.last_assigned_at"
                : "c.free_rank, k, c.last_assigned_at";
        String slotOrder = loadBalanced
                ? "c.free_rank, c.active_chats + k, k, c.last_assigned_at nulls first, c.id"
                : "c.free_rank, k, c.last_assigned_at nulls first, c.id";
        String pairOrder = loadBalanced ? "free_rank, load, k, last_assigned_at nulls first, agent_id"
                : "free_rank, k, last_assigned_at nulls first, agent_id";
        String sql = """
                with heads as materialized (
                    select id, created_at from transfer
                    where tenant_id = ? and status = 'WAITING' and %s %s
                    order by created_at, id limit %d for update skip locked),
                candidates as materialized (
                    select * from (%s) c limit (select count(*) from heads)),
                best_slots as (
                    select c.id as agent_id, %s
                    from candidates c
                    cross join lateral generate_series(1, least(c.max_chats_count - c.active_chats,
                                                                (select count(*) from heads)::int)) k
                    order by %s limit (select count(*) from heads)),
                slots as (select agent_id, row_number() over (order by %s) as n from best_slots),
                queue as (select id, row_number() over (order by created_at, id) as n from heads),
                assigned as (
                    update transfer t set status = 'ASSIGNED', agent_id = s.agent_id, assigned_at = clock_timestamp(),
                        updated_at = clock_timestamp()
                    from queue q join slots s on s.n = q.n
                    where t.id = q.id and t.status = 'WAITING'
                    returning q.n, t.id, t.conversation_id, t.contact_id, t.bot_id, t.team_id, t.agent_id, t.source,
                        t.reason, t.notes)
                select (select count(*) from heads), d.n, d.id, d.conversation_id, d.contact_id, d.bot_id, d.team_id,
                    d.agent_id, d.source, d.reason, d.notes, a.name, a.webhook_url is not null
                from (select 1) one
                left join assigned d on true
                left join agent a on a.id = d.agent_id
                order by d.n""".formatted(teamId == null ? "team_id is null"
                        : "team_id = ? and exists (select 1 from team where id = ? and tenant_id = ? and strategy = ?)",
                notAfter == null ? "" : "and created_at <= ?", limit, candidates, slotKey, slotOrder, pairOrder);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                statement.setString(i++, tenantId);
                if (teamId != null) {
                    statement.setString(i++, teamId);
                    statement.setString(i++, teamId);
                    statement.setString(i++, tenantId);
                    statement.setString(i++, strategy.name());
                }
                if (notAfter != null) {
                    statement.setObject(i++, OffsetDateTime.ofInstant(notAfter, ZoneOffset.UTC));
                }
                if (teamId == null) {
                    statement.setString(i++, tenantId);
                } else {
                    statement.setString(i++, teamId);
                    statement.setString(i, tenantId);
                }
                List<Assigned> assigned = new ArrayList<>();
                int heads = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        heads = rows.getInt(1);
                        if (rows.getString(3) == null) {
                            continue;
                        }
                        Transfer transfer = new Transfer();
                        transfer.id = rows.getString(3);
                        transfer.tenantId = tenantId;
                        transfer.conversationId = rows.getString(4);
                        transfer.contactId = rows.getString(5);
                        transfer.botId = rows.getString(6);
                        transfer.teamId = rows.getString(7);
                        transfer.agentId = rows.getString(8);
                        transfer.status = TransferStatus.ASSIGNED;
                        transfer.source = rows.getString(9);
                        transfer.reason = rows.getString(10);
                        transfer.notes = rows.getString(11);
                        assigned.add(new Assigned(transfer, rows.getString(12), rows.getBoolean(13)));
                    }
                }
                return new Decisions(assigned, heads);
            }
        });
    }

    /**
     * The chats of a batch counted against their agents' capacity, in one statement: {@code chats[i]} more for
     * {@code agentIds[i]}, which was last assigned at the {@code lastOrder[i]}-th decision of the batch (its
     * {@code last_assigned_at} keeps that order, a microsecond apart, for the next round robin). Guarded like
     * {@link #takeSlot}: an agent whose chats would exceed {@code max_chats_count} is not changed; returns how many
     * agents were.
     */
    public int takeSlots(String tenantId, String[] agentIds, Integer[] chats, Integer[] lastOrder) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update agent a set active_chats = a.active_chats + s.chats,
                        last_assigned_at = (select clock_timestamp()) + s.last_order * interval '1 microsecond'
                    from unnest(?::text[], ?::int[], ?::int[]) as s (id, chats, last_order)
                    where a.id = s.id and a.tenant_id = ? and a.active_chats + s.chats <= a.max_chats_count""")) {
                statement.setArray(1, connection.createArrayOf("text", agentIds));
                statement.setArray(2, connection.createArrayOf("int4", chats));
                statement.setArray(3, connection.createArrayOf("int4", lastOrder));
                statement.setString(4, tenantId);
                return statement.executeUpdate();
            }
        });
    }

    /** The team's round robin moves past these agents, in the order {@link #takeSlots} gave them. */
    public void touchMemberships(String teamId, String[] agentIds) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update team_member m set last_assigned_at = a.last_assigned_at
                    from agent a where m.team_id = ? and m.agent_id = a.id and a.id = any (?::text[])""")) {
                statement.setString(1, teamId);
                statement.setArray(2, connection.createArrayOf("text", agentIds));
                statement.executeUpdate();
            }
        });
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

    /**
     * Whether the queue ({@code teamId == null}: the general queue) has a free agent now, whether or not another
     * transaction holds it locked (a plain read of the agents {@link #assignOldestToBestAgents} locks): a batch that
     * found none to lock may have found them all taken by another replica's batch.
     */
    public boolean hasFreeAgent(String tenantId, String teamId) {
        String sql = "select exists (select 1 " + (teamId == null ? GENERAL_FREE_AGENTS : TEAM_FREE_AGENTS) + ")";
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (teamId == null) {
                    statement.setString(1, tenantId);
                } else {
                    statement.setString(1, teamId);
                    statement.setString(2, tenantId);
                }
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        });
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
