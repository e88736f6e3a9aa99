package dev.parley.conversation.repository;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ConversationRepository implements TenantOwnedRepository<Conversation> {

    public Page<Conversation> search(String tenantId, String botId, ConversationStatus status, PageRequest page) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (botId != null) {
            where.append(" and botId = :bot");
            params.and("bot", botId);
        }
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        return page(find(where.toString(), Sort.descending("createdAt").and("id"), params), page);
    }
}
