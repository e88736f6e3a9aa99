package dev.parley.conversation.repository;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

@ApplicationScoped
public class ConversationRepository implements TenantOwnedRepository<Conversation> {

    /** The columns {@link #current} reads, in its order. */
    static final String CURRENT_COLUMNS =
            "id, tenant_id, bot_id, channel_id, channel_type, contact_id, status, created_at, agent_name";

    /** List filters; null means any. */
    public record Filter(String botId, String channelId, ConversationStatus status, String contactId, Instant from,
            Instant to) {
    }

    public Page<Conversation> search(String tenantId, Filter filter, PageRequest page) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (filter.botId() != null) {
            where.append(" and botId = :bot");
            params.and("bot", filter.botId());
        }
        if (filter.channelId() != null) {
            where.append(" and channelId = :channel");
            params.and("channel", filter.channelId());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status());
        }
        if (filter.contactId() != null) {
            where.append(" and contactId = :contact");
            params.and("contact", filter.contactId());
        }
        if (filter.from() != null) {
            where.append(" and createdAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and createdAt < :to");
            params.and("to", filter.to());
        }
        return page(find(where.toString(), Sort.descending("createdAt").and("id"), params), page);
    }

    /** The contact's conversation that is not closed yet, if any. */
    public Optional<Conversation> currentOf(String contactId) {
        return find("contactId = ?1 and status <> ?2", Sort.descending("createdAt"), contactId, ConversationStatus.CLOSED)
                .firstResultOptional();
    }

    /**
     * {@link #currentOf} for many contacts in one query, read as plain values (not managed): what accepting a message
     * needs of its conversation.
     */
    public Map<String, Conversation> currentOfAll(Collection<String> contactIds) {
        Map<String, Conversation> current = new HashMap<>();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select distinct on (contact_id) %s from conversation where contact_id = any(?) and status <> 'CLOSED'
                    order by contact_id, created_at desc""".formatted(CURRENT_COLUMNS))) {
                select.setArray(1, connection.createArrayOf("text", contactIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Conversation c = current(rows, 1);
                        current.put(c.contactId, c);
                    }
                }
            }
        });
        return current;
    }

    /** A conversation as {@link #currentOfAll} reads it, from its {@link #CURRENT_COLUMNS} at {@code first} on. */
    static Conversation current(ResultSet rows, int first) throws SQLException {
        Conversation c = new Conversation();
        c.id = rows.getString(first);
        c.tenantId = rows.getString(first + 1);
        c.botId = rows.getString(first + 2);
        c.channelId = rows.getString(first + 3);
        c.channelType = rows.getString(first + 4);
        c.contactId = rows.getString(first + 5);
        c.status = ConversationStatus.valueOf(rows.getString(first + 6));
        c.createdAt = rows.getObject(first + 7, OffsetDateTime.class).toInstant();
        c.agentName = rows.getString(first + 8);
        return c;
    }

    /** The bot's conversations still with it (open or queued), locked, oldest first. */
    public List<Conversation> lockWithBot(String tenantId, String botId) {
        return find("tenantId = ?1 and botId = ?2 and status in ?3 order by createdAt, id", tenantId, botId,
                List.of(ConversationStatus.OPEN, ConversationStatus.QUEUED))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** What {@link #lockWithBot} would lock now. */
    public long countWithBot(String tenantId, String botId) {
        return count("tenantId = ?1 and botId = ?2 and status in ?3", tenantId, botId,
                List.of(ConversationStatus.OPEN, ConversationStatus.QUEUED));
    }

    /** Locks the conversation: its messages are decided one after the other, on every replica. */
    public Optional<Conversation> lock(String id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
