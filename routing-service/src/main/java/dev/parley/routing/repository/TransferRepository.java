package dev.parley.routing.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.conversation.ContactPanel;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.Transfer;
import dev.parley.routing.TransferStatus;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

@ApplicationScoped
public class TransferRepository implements TenantOwnedRepository<Transfer> {

    private final ObjectMapper json;

    public TransferRepository(ObjectMapper json) {
        this.json = json;
    }

    /** The transfer of a conversation that is still waiting or with an agent. */
    /**
     * A new waiting transfer, unless the conversation already has an open one (then nothing, and false); timestamps from
     * the database clock so that the oldest waiting is served first across replicas.
     */
    public boolean insertWaiting(String id, String tenantId, String conversationId, String contactId, String botId,
            String teamId, String source, String reason, String notes) {
        return getEntityManager().createNativeQuery("""
                insert into transfer (id, tenant_id, conversation_id, contact_id, bot_id, team_id, status, source, reason,
                    notes, created_at, updated_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, 'WAITING', ?7, ?8, ?9, clock_timestamp(), clock_timestamp())
                on conflict (tenant_id, conversation_id) where status in ('WAITING', 'ASSIGNED') and conversation_id is not null
                do nothing""")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, conversationId).setParameter(4, contactId)
                .setParameter(5, botId).setParameter(6, teamId).setParameter(7, source).setParameter(8, reason)
                .setParameter(9, notes).executeUpdate() > 0;
    }

    /** A waiting transfer to create, as {@link #insertWaiting} takes it; {@code panels} already JSON (or null). */
    public record NewRow(String id, String tenantId, String conversationId, String contactId, String botId,
            String teamId, String source, String reason, String notes, String panels) {
    }

    /** A transfer {@link #insertWaitingAll} created, with its team's strategy ({@code null} in the general queue). */
    public record Inserted(Transfer transfer, AssignmentStrategy strategy) {
    }

    /**
     * {@link #insertWaiting} for many transfers in one statement (a batch of handoffs), in the order given (their
     * {@code created_at} follows it): the rows inserted, without those whose conversation already has an open
     * transfer, or had one earlier in the list. A row's team is kept only while it is a team of the row's tenant (one
     * that does not exist, or no longer does, leaves the transfer in the general queue), and its strategy is read in
     * the same statement, for the decisions that follow.
     */
    public List<Inserted> insertWaitingAll(List<NewRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (var insert = connection.prepareStatement("""
                    insert into transfer (id, tenant_id, conversation_id, contact_id, bot_id, team_id, status, source,
                        reason, notes, panels, created_at, updated_at)
                    select r.id, r.tenant_id, r.conversation_id, r.contact_id, r.bot_id, team.id, 'WAITING', r.source,
                        r.reason, r.notes, cast(r.panels as jsonb), clock_timestamp(), clock_timestamp()
                    from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                ?::text[], ?::text[]) with ordinality
                        as r (id, tenant_id, conversation_id, contact_id, bot_id, team_id, source, reason, notes, panels, n)
                    left join team on team.id = r.team_id and team.tenant_id = r.tenant_id
                    order by r.n
                    on conflict (tenant_id, conversation_id) where status in ('WAITING', 'ASSIGNED') and conversation_id is not null
                    do nothing
                    returning id, tenant_id, conversation_id, contact_id, bot_id, team_id, source, reason, notes,
                        created_at, updated_at,
                        (select strategy from team where team.id = transfer.team_id)""")) {
                String[][] columns = new String[10][rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    NewRow row = rows.get(i);
                    String[] values = {row.id(), row.tenantId(), row.conversationId(), row.contactId(), row.botId(),
                        row.teamId(), row.source(), row.reason(), row.notes(), row.panels()};
                    for (int c = 0; c < values.length; c++) {
                        columns[c][i] = values[c];
                    }
                }
                for (int c = 0; c < columns.length; c++) {
                    insert.setArray(c + 1, connection.createArrayOf("text", columns[c]));
                }
                List<Inserted> inserted = new ArrayList<>();
                try (var result = insert.executeQuery()) {
                    while (result.next()) {
                        Transfer transfer = new Transfer();
                        transfer.id = result.getString(1);
                        transfer.tenantId = result.getString(2);
                        transfer.conversationId = result.getString(3);
                        transfer.contactId = result.getString(4);
                        transfer.botId = result.getString(5);
                        transfer.teamId = result.getString(6);
                        transfer.status = TransferStatus.WAITING;
                        transfer.source = result.getString(7);
                        transfer.reason = result.getString(8);
                        transfer.notes = result.getString(9);
                        transfer.createdAt = result.getTimestamp(10).toInstant();
                        transfer.updatedAt = result.getTimestamp(11).toInstant();
                        String strategy = result.getString(12);
                        inserted.add(new Inserted(transfer,
                                strategy == null ? null : AssignmentStrategy.valueOf(strategy)));
                    }
                }
                return inserted;
            }
        });
    }

    /** Contact panels as stored on a transfer (JSON), or null when there are none. */
    public String panelsJson(List<ContactPanel> panels) {
        if (panels == null || panels.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(panels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("contact panels not writable as JSON", e);
        }
    }

    public Optional<Transfer> findOpen(String tenantId, String conversationId) {
        return find("tenantId = ?1 and conversationId = ?2 and status in ?3", tenantId, conversationId,
                List.of(TransferStatus.WAITING, TransferStatus.ASSIGNED)).firstResultOptional();
    }

    /**
     * Newest first. {@code teamId}: {@code null} any queue, {@code ""} the general queue only, else that team.
     */
    public Page<Transfer> list(String tenantId, Collection<TransferStatus> statuses, String teamId, String agentId,
            PageRequest page) {
        StringBuilder query = new StringBuilder("tenantId = :tenant");
        Parameters parameters = Parameters.with("tenant", tenantId);
        if (statuses != null) {
            query.append(" and status in :statuses");
            parameters.and("statuses", statuses);
        }
        if (teamId != null && teamId.isEmpty()) {
            query.append(" and teamId is null");
        } else if (teamId != null) {
            query.append(" and teamId = :team");
            parameters.and("team", teamId);
        }
        if (agentId != null) {
            query.append(" and agentId = :agent");
            parameters.and("agent", agentId);
        }
        return page(find(query.toString(), Sort.descending("createdAt").and("id", Sort.Direction.Descending), parameters),
                page);
    }

    /** Waiting transfers per queue: the key {@code null} is the general queue. */
    public Map<String, Long> waitingCounts(String tenantId) {
        List<Object[]> rows = getEntityManager().createQuery("""
                select t.teamId, count(t) from Transfer t where t.tenantId = :tenant and t.status = :waiting
                group by t.teamId order by t.teamId""", Object[].class)
                .setParameter("tenant", tenantId).setParameter("waiting", TransferStatus.WAITING)
                .getResultList();
        Map<String, Long> counts = new LinkedHashMap<>();
        rows.forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    public long openInTeam(String teamId) {
        return count("teamId = ?1 and status in ?2", teamId, List.of(TransferStatus.WAITING, TransferStatus.ASSIGNED));
    }

    public List<Transfer> assignedTo(String agentId) {
        return list("agentId = ?1 and status = ?2", Sort.ascending("createdAt"), agentId, TransferStatus.ASSIGNED);
    }

    /** The conversation's transfer while it is with an agent. */
    public Optional<Transfer> assignedForConversation(String tenantId, String conversationId) {
        return find("tenantId = ?1 and conversationId = ?2 and status = ?3", tenantId, conversationId,
                TransferStatus.ASSIGNED).firstResultOptional();
    }
}
