package dev.parley.bot.repository;

import dev.parley.bot.BotKeywordRule;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class KeywordRuleRepository implements TenantOwnedRepository<BotKeywordRule> {

    private static final Sort ORDER = Sort.descending("priority").and("createdAt").and("id");

    public Page<BotKeywordRule> pageForBot(String botId, PageRequest page) {
        return page(find("botId", ORDER, botId), page);
    }

    /** Highest priority first, as the engine tries them. */
    public List<BotKeywordRule> allForBot(String botId) {
        return list("botId", ORDER, botId);
    }

    public Optional<BotKeywordRule> findForBot(String tenantId, String botId, String id) {
        return find("id = ?1 and tenantId = ?2 and botId = ?3", id, tenantId, botId).firstResultOptional();
    }

    /** Bots with a rule that starts {@code flowId}. */
    @SuppressWarnings("unchecked")
    public List<String> botIdsStartingFlow(String tenantId, String flowId) {
        return getEntityManager().createNativeQuery("select distinct bot_id from keyword_rule where tenant_id = ?1 "
                + "and definition -> 'response' ->> 'flowId' = ?2").setParameter(1, tenantId).setParameter(2, flowId)
                .getResultList();
    }

    public long deleteForBot(String botId) {
        return delete("botId", botId);
    }
}
