package dev.parley.llm.repository;

import dev.parley.llm.Usage;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class UsageRepository implements PanacheRepository<Usage> {

    /** Totals of one group: a bot id, a model or a day, with what was spent on it. */
    public record Totals(String key, Long requests, Long promptTokens, Long completionTokens, Long totalTokens,
            BigDecimal cost) {
    }

    public long tokensSince(String tenantId, Instant since) {
        Long used = getEntityManager().createQuery(
                "select coalesce(sum(u.totalTokens), 0) from Usage u where u.tenantId = ?1 and u.createdAt >= ?2", Long.class)
                .setParameter(1, tenantId).setParameter(2, since).getSingleResult();
        return used == null ? 0 : used;
    }

    /** {@code groupExpression} is one of the fixed expressions of {@code UsageService.GroupBy}, never client text. */
    public List<Totals> totals(String tenantId, Instant from, Instant to, String groupExpression) {
        return getEntityManager().createQuery("select new " + Totals.class.getName() + "(" + groupExpression
                + ", count(u), sum(u.promptTokens), sum(u.completionTokens), sum(u.totalTokens), sum(u.costUsd))"
                + " from Usage u where u.tenantId = ?1 and u.createdAt >= ?2 and u.createdAt < ?3"
                + " group by " + groupExpression + " order by " + groupExpression, Totals.class)
                .setParameter(1, tenantId).setParameter(2, from).setParameter(3, to)
                .getResultList();
    }
}
