package dev.parley.bot.repository;

import dev.parley.bot.BotKeywordRule;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class KeywordRuleRepository implements BotPartRepository<BotKeywordRule> {

    /** Bots with a rule that starts {@code flowId}. */
    @SuppressWarnings("unchecked")
    public List<String> botIdsStartingFlow(String tenantId, String flowId) {
        return getEntityManager().createNativeQuery("select distinct bot_id from keyword_rule where tenant_id = ?1 "
                + "and definition -> 'response' ->> 'flowId' = ?2").setParameter(1, tenantId).setParameter(2, flowId)
                .getResultList();
    }
}
