package dev.parley.llm.repository;

import dev.parley.llm.Usage;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;
import java.math.BigDecimal;
import java.time.Instant;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

@ApplicationScoped
public class UsageRepository implements PanacheRepository<Usage> {

    /** Totals of one group: a bot id, a model or a day, with what was spent on it. */
    public record Totals(String key, Long requests, Long promptTokens, Long completionTokens, Long totalTokens,
            BigDecimal cost) {
    }

    /**
     * The current transaction's commit returns once PostgreSQL has it, without waiting for its write-ahead log to reach
     * the disk: it then survives any crash of this process, and only a crash of PostgreSQL's server within about
     * three {@code wal_writer_delay}s (600 ms by default) could lose it.
     */
    public void commitWithoutWaitingForDisk() {
        getEntityManager().createNativeQuery("select set_config('synchronous_commit', 'off', true)").getSingleResult();
    }

    /** Inserts the rows in one batched statement (the usage writer's batches: no entity per row, no id read back). */
    public void insertAll(List<Usage> rows) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into llm_usage (tenant_id, bot_id, conversation_id, kind, provider, model, prompt_tokens,
                      completion_tokens, total_tokens, cost_usd, latency_ms, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (Usage row : rows) {
                    insert.setString(1, row.tenantId);
                    insert.setString(2, row.botId);
                    insert.setString(3, row.conversationId);
                    insert.setString(4, row.kind);
                    insert.setString(5, row.provider);
                    insert.setString(6, row.model);
                    insert.setInt(7, row.promptTokens);
                    insert.setInt(8, row.completionTokens);
                    insert.setInt(9, row.totalTokens);
                    insert.setBigDecimal(10, row.costUsd);
                    insert.setInt(11, row.latencyMs);
                    insert.setObject(12, row.createdAt.atOffset(ZoneOffset.UTC));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** Adds tokens to the tenant's running total for the month starting on {@code firstDay}. */
    public void addToMonth(String tenantId, LocalDate firstDay, long tokens) {
        getEntityManager().createNativeQuery("""
                insert into usage_month (tenant_id, month, tokens) values (?1, ?2, ?3)
                on conflict (tenant_id, month) do update set tokens = usage_month.tokens + excluded.tokens""")
                .setParameter(1, tenantId)
                .setParameter(2, firstDay)
                .setParameter(3, tokens)
                .executeUpdate();
    }

    public long tokensInMonth(String tenantId, LocalDate firstDay) {
        List<?> used = getEntityManager().createNativeQuery(
                "select tokens from usage_month where tenant_id = ?1 and month = ?2")
                .setParameter(1, tenantId).setParameter(2, firstDay).getResultList();
        return used.isEmpty() ? 0 : ((Number) used.getFirst()).longValue();
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
