package dev.parley.bot.repository;

import dev.parley.bot.BotAiContext;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class AiContextRepository implements TenantOwnedRepository<BotAiContext> {

    private static final Sort ORDER = Sort.descending("priority").and("createdAt").and("id");

    public Page<BotAiContext> pageForBot(String botId, PageRequest page) {
        return page(find("botId", ORDER, botId), page);
    }

    public List<BotAiContext> allForBot(String botId) {
        return list("botId", ORDER, botId);
    }

    public Optional<BotAiContext> findForBot(String tenantId, String botId, String id) {
        return find("id = ?1 and tenantId = ?2 and botId = ?3", id, tenantId, botId).firstResultOptional();
    }

    public long deleteForBot(String botId) {
        return delete("botId", botId);
    }
}
