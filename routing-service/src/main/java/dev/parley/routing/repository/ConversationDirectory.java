package dev.parley.routing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * routing-service's read model of conversations ({@code conversation_directory}), kept from conversation-service's
 * {@code conversation.started} and {@code conversation.closed} events (and the conversations handoffs name); an erased
 * one ({@code conversation.deleted}) is forgotten. It
 * answers whether a conversation or contact exists in a tenant, a contact's open conversation, and what agents'
 * webhooks filter on.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ConversationDirectory {

    /** A conversation as routing knows it. */
    public record Entry(String id, String tenantId, String contactId, String contactName, String botId,
            String channelType, boolean open) {
    }

    private final EntityManager entityManager;

    public ConversationDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Records a conversation, or what changed about it; a value not given keeps what was known. */
    public void record(String tenantId, String id, String contactId, String contactName, String botId,
            String channelType, Boolean open, Instant startedAt) {
        entityManager.createNativeQuery("""
                insert into conversation_directory (id, tenant_id, contact_id, contact_name, bot_id, channel_type, open,
                    started_at, updated_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, true), coalesce(?8, clock_timestamp()), clock_timestamp())
                on conflict (id) do update set
                    contact_id = coalesce(excluded.contact_id, conversation_directory.contact_id),
                    contact_name = coalesce(excluded.contact_name, conversation_directory.contact_name),
                    bot_id = coalesce(excluded.bot_id, conversation_directory.bot_id),
                    channel_type = coalesce(excluded.channel_type, conversation_directory.channel_type),
                    open = coalesce(?7, conversation_directory.open),
                    updated_at = clock_timestamp()
                where conversation_directory.tenant_id = excluded.tenant_id""")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, contactId).setParameter(4, contactName)
                .setParameter(5, botId).setParameter(6, channelType).setParameter(7, open).setParameter(8, startedAt)
                .executeUpdate();
    }

    /** The conversation was erased (conversation-service's {@code conversation.deleted}): routing forgets it. */
    public void forget(String tenantId, String id) {
        entityManager.createNativeQuery("delete from conversation_directory where id = ?1 and tenant_id = ?2")
                .setParameter(1, id).setParameter(2, tenantId).executeUpdate();
    }

    /** A conversation a handoff names: its tenant, contact and bot (either may be null: then what was known stays). */
    public record Named(String tenantId, String id, String contactId, String botId) {
    }

    /**
     * {@link #record} of conversations handoffs name, in one statement (a batch of handoffs): each one exists from
     * then on; a contact or bot not given keeps what was known. Written in id order, so two batches naming some of the
     * same conversations never wait on each other in a cycle.
     */
    public void recordNamed(List<Named> conversations) {
        Map<String, Named> byId = new TreeMap<>();
        for (Named named : conversations) {
            byId.merge(named.id(), named, (a, b) -> new Named(a.tenantId(),
                    a.id(), a.contactId() != null ? a.contactId() : b.contactId(), a.botId() != null ? a.botId() : b.botId()));
        }
        if (byId.isEmpty()) {
            return;
        }
        List<Named> rows = List.copyOf(byId.values());
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (var upsert = connection.prepareStatement("""
                    insert into conversation_directory (id, tenant_id, contact_id, bot_id, open, started_at, updated_at)
                    select c.id, c.tenant_id, c.contact_id, c.bot_id, true, clock_timestamp(), clock_timestamp()
                    from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as c (id, tenant_id, contact_id, bot_id, n)
                    order by c.n
                    on conflict (id) do update set
                        contact_id = coalesce(excluded.contact_id, conversation_directory.contact_id),
                        bot_id = coalesce(excluded.bot_id, conversation_directory.bot_id),
                        updated_at = clock_timestamp()
                    where conversation_directory.tenant_id = excluded.tenant_id""")) {
                upsert.setArray(1, connection.createArrayOf("text", rows.stream().map(Named::id).toArray()));
                upsert.setArray(2, connection.createArrayOf("text", rows.stream().map(Named::tenantId).toArray()));
                upsert.setArray(3, connection.createArrayOf("text", rows.stream().map(Named::contactId).toArray()));
                upsert.setArray(4, connection.createArrayOf("text", rows.stream().map(Named::botId).toArray()));
                upsert.executeUpdate();
            }
        });
    }

    public Optional<Entry> find(String tenantId, String conversationId) {
        return entries("where tenant_id = ?1 and id = ?2", tenantId, conversationId).stream().findFirst();
    }

    /** The contact's conversations, open ones first, newest first; empty when the tenant has no such contact. */
    public List<Entry> ofContact(String tenantId, String contactId) {
        return entries("where tenant_id = ?1 and contact_id = ?2 order by open desc, started_at desc limit 20", tenantId,
                contactId);
    }

    /** The names of these contacts that routing knows, by contact id. */
    public Map<String, String> contactNames(String tenantId, Collection<String> contactIds) {
        Map<String, String> names = new HashMap<>();
        if (contactIds.isEmpty()) {
            return names;
        }
        List<?> rows = entityManager.createNativeQuery("""
                select distinct on (contact_id) contact_id, contact_name from conversation_directory
                where tenant_id = ?1 and contact_id in (?2) and contact_name is not null
                order by contact_id, started_at desc""").setParameter(1, tenantId).setParameter(2, contactIds).getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            names.put((String) columns[0], (String) columns[1]);
        }
        return names;
    }

    private List<Entry> entries(String where, String tenantId, String value) {
        List<?> rows = entityManager.createNativeQuery("""
                select id, tenant_id, contact_id, contact_name, bot_id, channel_type, open from conversation_directory
                """ + where).setParameter(1, tenantId).setParameter(2, value).getResultList();
        return rows.stream().map(Object[].class::cast).map(c -> new Entry((String) c[0], (String) c[1], (String) c[2],
                (String) c[3], (String) c[4], (String) c[5], (Boolean) c[6])).toList();
    }
}
