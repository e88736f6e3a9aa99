package dev.parley.conversation.repository;

import dev.parley.conversation.Message;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;

@ApplicationScoped
public class MessageRepository implements TenantOwnedRepository<Message> {

    /**
     * Marks replies sent in one statement: each with the id the platform gave it ({@code platformIds}, in the order of
     * {@code ids}), its attempt counted and its claim released.
     */
    public void markSent(List<String> ids, List<String> platformIds) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update message m set delivery_status = 'sent', delivery_attempts = m.delivery_attempts + 1,
                        delivery_error = null, next_attempt_at = null, claimed_by = null,
                        channel_message_id = s.platform_id
                    from unnest(?::text[], ?::text[]) as s(id, platform_id)
                    where m.id = s.id""")) {
                update.setArray(1, connection.createArrayOf("text", ids.toArray()));
                update.setArray(2, connection.createArrayOf("text", platformIds.toArray()));
                update.executeUpdate();
            }
        });
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
