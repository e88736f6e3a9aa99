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
                    select distinct on (contact_id) id, tenant_id, bot_id, channel_id, channel_type, contact_id, status,
                        created_at, agent_name
                    from conversation where contact_id = any(?) and status <> 'CLOSED'
                    order by contact_id, created_at desc""")) {
                select.setArray(1, connection.createArrayOf("text", contactIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Conversation c = new Conversation();
                        c.id = rows.getString(1);
                        c.tenantId = rows.getString(2);
                        c.botId = rows.getString(3);
                        c.channelId = rows.getString(4);
                        c.channelType = rows.getString(5);
                        c.contactId = rows.getString(6);
                        c.status = ConversationStatus.valueOf(rows.getString(7));
                        c.createdAt = rows.getObject(8, OffsetDateTime.class).toInstant();
                        c.agentName = rows.getString(9);
                        current.put(c.contactId, c);
                    }
                }
            }
        });
        return current;
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
