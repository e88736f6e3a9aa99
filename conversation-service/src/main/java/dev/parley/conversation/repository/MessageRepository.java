package dev.parley.conversation.repository;

import static dev.parley.conversation.repository.SqlArrays.texts;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.Message;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;

@ApplicationScoped
public class MessageRepository implements TenantOwnedRepository<Message> {

    private static final String INSERT_ARRIVALS = """
            with created as (
              insert into conversation (id, tenant_id, bot_id, channel_id, contact_id, status, channel_type, handed_off,
                  created_at, updated_at, last_message_at)
              select c.id, c.tenant_id, c.bot_id, c.channel_id, c.contact_id, c.status, c.channel_type, false,
                  t.at, t.at, t.at
              from (select ?::timestamptz as at) t,
                  unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                  as c(id, tenant_id, bot_id, channel_id, contact_id, status, channel_type)),
            stored as (
              insert into message (id, tenant_id, conversation_id, channel_id, direction, sender, text, buttons,
                  metadata, channel_message_id, processed, delivery_attempts, created_at)
              select t.id, t.tenant_id, t.conversation_id, t.channel_id, 'inbound', 'contact', t.text, null,
                  t.metadata, t.channel_message_id, false, 0, ?::timestamptz
              from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                  with ordinality
                  as t(id, tenant_id, conversation_id, channel_id, text, metadata, channel_message_id, n)
              order by t.n
              on conflict (channel_id, channel_message_id) where channel_message_id is not null
                  and direction = 'inbound' do nothing
              returning id, conversation_id),
            touched as (
              update conversation set last_message_at = ?::timestamptz, updated_at = ?::timestamptz
              where id in (select id from conversation where id in (select conversation_id from stored)
                  order by id for no key update skip locked)),
            published as (
              insert into outbox_event (%s)
              select %s from %s
                  join unnest(?::text[]) with ordinality as i(inbound_id, n) on i.n = e.n
              where i.inbound_id is null or i.inbound_id in (select id from stored)
              order by e.n)
            select id from stored""".formatted(Outbox.COLUMNS, Outbox.COLUMNS, Outbox.ROWS);

    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    public MessageRepository(AgroalDataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /**
     * Marks replies sent by one statement that commits alone, on a connection of its own outside any transaction: each
     * with the id the platform gave it ({@code platformIds}, in the order of {@code ids}), its attempt counted and its
     * claim released. The same commit sends {@code announcements} (distinct, nulls skipped) as notifications on the
     * PostgreSQL channel {@code notifyChannel}: what a reply's being sent tells other processes arrives with it or
     * not at all.
     */
    public void markSent(List<String> ids, List<String> platformIds, String notifyChannel, List<String> announcements) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        with s as (select * from unnest(?::text[], ?::text[], ?::text[]) as s(id, platform_id, announce)),
                        marked as (
                            update message m set delivery_status = 'sent', delivery_attempts = m.delivery_attempts + 1,
                                delivery_error = null, next_attempt_at = null, claimed_by = null,
                                channel_message_id = s.platform_id
                            from s where m.id = s.id)
                        select count(pg_notify(?, a.announce))
                        from (select distinct announce from s where announce is not null) a""")) {
            update.setArray(1, connection.createArrayOf("text", ids.toArray()));
            update.setArray(2, connection.createArrayOf("text", platformIds.toArray()));
            update.setArray(3, connection.createArrayOf("text", announcements.toArray()));
            update.setString(4, notifyChannel);
            update.executeQuery().close();
        } catch (SQLException e) {
            throw new PersistenceException("replies not marked sent", e);
        }
    }

    /**
     * Stores an inbound message unless one with the same channel message id exists (a redelivery).
     * True when this call stored it.
     */
    public boolean insertInboundOnce(Message m) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into message (id, tenant_id, conversation_id, channel_id, direction, sender, text, buttons,
                    metadata, channel_message_id, processed, delivery_attempts, created_at)
                values (?1, ?2, ?3, ?4, 'inbound', 'contact', ?5, null, ?6, ?7, false, 0, ?8)
                on conflict (channel_id, channel_message_id) where channel_message_id is not null and direction = 'inbound'
                do nothing""")
                .setParameter(1, m.id).setParameter(2, m.tenantId).setParameter(3, m.conversationId)
                .setParameter(4, m.channelId).setParameter(5, m.text).setParameter(6, m.metadata)
                .setParameter(7, m.channelMessageId).setParameter(8, m.createdAt)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * What a group of arrivals stores, in one statement: the conversations they open, then the messages
     * ({@link #insertInboundOnce} for each, stored in the order given: their {@code seq} follows it), and their
     * events. Answers the ids of the messages stored, the others being redeliveries (of a stored message, or of one
     * earlier in the list): an event telling of an inbound message ({@code eventInboundIds}, parallel to
     * {@code events}; null for the others) is stored only with its message. The same statement sets the last message
     * time of the conversations that got a message, on those no other transaction holds (a conversation being decided
     * gets it from its decision instead, rather than keeping the channel's answer waiting for that decision).
     */
    public Set<String> insertInboundAll(List<Conversation> created, List<Message> inbound, Instant at,
            List<OutgoingEvent> events, List<String> eventInboundIds) {
        Set<String> stored = new HashSet<>();
        OffsetDateTime time = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_ARRIVALS)) {
                int p = 0;
                insert.setObject(++p, time);
                insert.setArray(++p, texts(connection, created, c -> c.id));
                insert.setArray(++p, texts(connection, created, c -> c.tenantId));
                insert.setArray(++p, texts(connection, created, c -> c.botId));
                insert.setArray(++p, texts(connection, created, c -> c.channelId));
                insert.setArray(++p, texts(connection, created, c -> c.contactId));
                insert.setArray(++p, texts(connection, created, c -> c.status.name()));
                insert.setArray(++p, texts(connection, created, c -> c.channelType));
                insert.setObject(++p, time);
                insert.setArray(++p, texts(connection, inbound, m -> m.id));
                insert.setArray(++p, texts(connection, inbound, m -> m.tenantId));
                insert.setArray(++p, texts(connection, inbound, m -> m.conversationId));
                insert.setArray(++p, texts(connection, inbound, m -> m.channelId));
                insert.setArray(++p, texts(connection, inbound, m -> m.text));
                insert.setArray(++p, texts(connection, inbound, m -> m.metadata));
                insert.setArray(++p, texts(connection, inbound, m -> m.channelMessageId));
                insert.setObject(++p, time);
                insert.setObject(++p, time);
                outbox.bindAll(insert, ++p, events);
                insert.setArray(p + 10, texts(connection, eventInboundIds, id -> id)); // after bindAll's ten
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        stored.add(rows.getString(1));
                    }
                }
            }
        });
        return stored;
    }

    /**
     * Applies a platform's report on a message Parley sent: statuses only move forward
     * (sent → delivered → read; failed unless already read). True when a message changed.
     */
    public boolean applyPlatformStatus(String channelId, String platformId, Message.DeliveryStatus status, String error) {
        List<Message.DeliveryStatus> from = switch (status) {
            case delivered -> List.of(Message.DeliveryStatus.sent);
            case read -> List.of(Message.DeliveryStatus.sent, Message.DeliveryStatus.delivered);
            case failed -> List.of(Message.DeliveryStatus.sent, Message.DeliveryStatus.delivered);
            default -> List.of();
        };
        if (from.isEmpty()) {
            return false;
        }
        return update("deliveryStatus = ?1, deliveryError = coalesce(?2, deliveryError) where channelId = ?3 "
                + "and channelMessageId = ?4 and direction = ?5 and deliveryStatus in ?6", status, error, channelId,
                platformId, Message.Direction.outbound, from) > 0;
    }

    public List<Message> unprocessed(String conversationId) {
        return list("conversationId = ?1 and processed = false", Sort.ascending("seq"), conversationId);
    }

    /** The last {@code n} decided messages, oldest first. */
    public List<Message> recent(String conversationId, int n) {
        List<Message> newest = find("conversationId = ?1 and processed = true", Sort.descending("seq"), conversationId)
                .page(0, n).list();
        return newest.reversed();
    }

    /**
     * Claims for {@code replica} the conversation's waiting replies it may send now, oldest first, and returns them:
     * the run from the oldest waiting reply that is due and unclaimed, or claimed by this replica, or claimed by a
     * replica whose heartbeat is older than {@code claimTimeoutSeconds}. The walk stops at the first reply it may not
     * take, so a later reply is never sent before an earlier one. The conversation's waiting replies stay locked until
     * the caller commits, so two replicas never claim the same one.
     */
    public List<Message> claimDue(String conversationId, String replica, double claimTimeoutSeconds) {
        List<Message> waiting = find("conversationId = ?1 and deliveryStatus = ?2", Sort.ascending("seq"),
                conversationId, Message.DeliveryStatus.pending).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        if (waiting.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        Set<String> live = new HashSet<>(getEntityManager().createNativeQuery(
                "select id from replica where heartbeat_at > now() - make_interval(secs => ?1)")
                .setParameter(1, claimTimeoutSeconds).getResultList());
        Instant now = Instant.now();
        Instant lapses = now.plusMillis((long) (claimTimeoutSeconds * 1000));
        List<Message> claimed = new ArrayList<>();
        for (Message m : waiting) {
            boolean takeable = m.claimedBy == null ? m.nextAttemptAt == null || !m.nextAttemptAt.isAfter(now)
                    : m.claimedBy.equals(replica) || !live.contains(m.claimedBy);
            if (!takeable) {
                break;
            }
            m.claimedBy = replica;
            m.nextAttemptAt = lapses;
            claimed.add(m);
        }
        return claimed;
    }

    /** What webchat streams have not shown yet: for each visitor, its new messages and the conversation it is in. */
    public record Unseen(Map<String, List<Message>> messages, Map<String, Conversation> conversations) {
    }

    /**
     * For each contact, its outbound messages after its cursor that are sent or on their way, oldest first, at most
     * {@code limit}, and its current conversation ({@link ConversationRepository#currentOfAll}), read as plain values
     * (not managed): what webchat streams show, for many visitors in one statement, outside any transaction (one
     * snapshot, one round trip).
     */
    public Unseen unseen(Map<String, Long> cursors, int limit) {
        Map<String, List<Message>> found = new HashMap<>();
        Map<String, Conversation> current = new HashMap<>();
        List<String> contactIds = new ArrayList<>(cursors.keySet());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select v.contact_id, m.id, m.seq, m.conversation_id, m.sender, m.text, m.buttons, m.created_at,
                            cur.*
                        from unnest(?::text[], ?::bigint[]) as v(contact_id, after)
                        left join lateral (select %s from conversation
                            where contact_id = v.contact_id and status <> 'CLOSED'
                            order by created_at desc limit 1) cur on true
                        left join lateral (select m.* from conversation c
                            join lateral (select * from message m where m.conversation_id = c.id
                                and m.direction = 'outbound' and m.delivery_status <> 'failed' and m.seq > v.after
                                order by m.seq limit ?) m on true
                            where c.contact_id = v.contact_id) m on true
                        order by v.contact_id, m.seq""".formatted(ConversationRepository.CURRENT_COLUMNS))) {
            select.setArray(1, connection.createArrayOf("text", contactIds.toArray()));
            select.setArray(2, connection.createArrayOf("bigint", contactIds.stream().map(cursors::get).toArray()));
            select.setInt(3, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String contactId = rows.getString(1);
                    if (!current.containsKey(contactId) && rows.getString(9) != null) {
                        current.put(contactId, ConversationRepository.current(rows, 9));
                    }
                    List<Message> its = found.computeIfAbsent(contactId, id -> new ArrayList<>());
                    if (rows.getString(2) == null || its.size() == limit) {
                        continue;
                    }
                    Message m = new Message();
                    m.id = rows.getString(2);
                    m.seq = rows.getLong(3);
                    m.conversationId = rows.getString(4);
                    m.direction = Message.Direction.outbound;
                    m.sender = Message.Sender.valueOf(rows.getString(5));
                    m.text = rows.getString(6);
                    m.buttons = rows.getString(7);
                    m.createdAt = rows.getObject(8, OffsetDateTime.class).toInstant();
                    its.add(m);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("webchat streams not brought up to date", e);
        }
        return new Unseen(found, current);
    }

    /** Whether the conversation has a reply still waiting for delivery (a newer one must queue behind it). */
    public boolean hasPendingDelivery(String conversationId) {
        return !getEntityManager().createNativeQuery(
                "select 1 from message where conversation_id = ?1 and delivery_status = 'pending' limit 1")
                .setParameter(1, conversationId).getResultList().isEmpty();
    }

    /**
     * Conversations with a reply this replica may deliver now: due and unclaimed, claimed by this replica past its
     * claim's time, or claimed by a replica whose heartbeat stopped.
     */
    @SuppressWarnings("unchecked")
    public List<String> conversationsWithDueDeliveries(String replica, double claimTimeoutSeconds, int limit) {
        return getEntityManager().createNativeQuery("""
                select distinct m.conversation_id from message m left join replica r on r.id = m.claimed_by
                where m.delivery_status = 'pending'
                  and ((m.claimed_by is null and m.next_attempt_at <= now())
                    or (m.claimed_by = ?1 and m.next_attempt_at <= now())
                    or (m.claimed_by <> ?1 and (r.heartbeat_at is null
                        or r.heartbeat_at <= now() - make_interval(secs => ?2))))
                limit ?3""").setParameter(1, replica).setParameter(2, claimTimeoutSeconds).setParameter(3, limit)
                .getResultList();
    }

    public List<String> conversationsWithStaleInbound(Instant before, int limit) {
        return getEntityManager().createQuery("""
                select distinct m.conversationId from Message m where m.processed = false and m.createdAt < :before""",
                String.class).setParameter("before", before).setMaxResults(limit).getResultList();
    }

    /** Oldest first; {@code afterSeq} (or null) keeps those stored after that point. */
    public Page<Message> ofConversation(String tenantId, String conversationId, Long afterSeq, PageRequest page) {
        if (afterSeq == null) {
            return page(find("tenantId = ?1 and conversationId = ?2", Sort.ascending("seq"), tenantId, conversationId), page);
        }
        return page(find("tenantId = ?1 and conversationId = ?2 and seq > ?3", Sort.ascending("seq"), tenantId,
                conversationId, afterSeq), page);
    }

    public long countOf(String conversationId) {
        return count("conversationId", conversationId);
    }
}
