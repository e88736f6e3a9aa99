package dev.parley.conversation.repository;

import dev.parley.conversation.Message;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class MessageRepository implements TenantOwnedRepository<Message> {

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

    public List<Message> pendingDelivery(String conversationId, Instant due) {
        return list("conversationId = ?1 and deliveryStatus = ?2 and nextAttemptAt <= ?3", Sort.ascending("seq"),
                conversationId, Message.DeliveryStatus.pending, due);
    }

    public List<String> conversationsWithDueDeliveries(Instant due, int limit) {
        return getEntityManager().createQuery("""
                select distinct m.conversationId from Message m
                where m.deliveryStatus = :pending and m.nextAttemptAt <= :due""", String.class)
                .setParameter("pending", Message.DeliveryStatus.pending).setParameter("due", due)
                .setMaxResults(limit).getResultList();
    }

    public List<String> conversationsWithStaleInbound(Instant before, int limit) {
        return getEntityManager().createQuery("""
                select distinct m.conversationId from Message m where m.processed = false and m.createdAt < :before""",
                String.class).setParameter("before", before).setMaxResults(limit).getResultList();
    }

    public Page<Message> ofConversation(String tenantId, String conversationId, PageRequest page) {
        return page(find("tenantId = ?1 and conversationId = ?2", Sort.ascending("seq"), tenantId, conversationId), page);
    }

    public long countOf(String conversationId) {
        return count("conversationId", conversationId);
    }
}
