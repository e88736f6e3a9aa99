package dev.parley.conversation.repository;

import dev.parley.conversation.BotSession;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class SessionRepository implements TenantOwnedRepository<BotSession> {

    public Optional<BotSession> ofConversation(String conversationId) {
        return find("conversationId", conversationId).firstResultOptional();
    }

    public Page<BotSession> search(String tenantId, String botId, String contactId, String flowId, String conversationId,
            PageRequest page) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (botId != null) {
            where.append(" and botId = :bot");
            params.and("bot", botId);
        }
        if (contactId != null) {
            where.append(" and contactId = :contact");
            params.and("contact", contactId);
        }
        if (flowId != null) {
            where.append(" and currentFlowId = :flow");
            params.and("flow", flowId);
        }
        if (conversationId != null) {
            where.append(" and conversationId = :conversation");
            params.and("conversation", conversationId);
        }
        return page(find(where.toString(), Sort.descending("lastActivity").and("id"), params), page);
    }
}
