package dev.parley.llm.repository;

import dev.parley.llm.Usage;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

@ApplicationScoped
public class UsageRepository implements PanacheRepository<Usage> {

    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    public UsageRepository(AgroalDataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /** Totals of one group: a bot id, a model or a day, with what was spent on it. */
    public record Totals(String key, Long requests, Long promptTokens, Long completionTokens, Long totalTokens,
            BigDecimal cost) {
    }

    /** Tokens to add to a tenant's running total for the month starting on {@code firstDay}. */
    public record MonthTokens(String tenantId, LocalDate firstDay, long tokens) {
    }

    /**
     * The usage writer's batch in one statement, which commits alone (on a connection of its own, never in a
     * transaction of the caller): the rows inserted (no entity per row, no id read back), the tokens added to each
     * tenant's monthly total ({@code months}: one entry per tenant and month) and the rows' events put in the outbox,
     * in one round trip. Its commit returns once PostgreSQL has it, without waiting for its write-ahead log to reach
     * the disk: it then survives any crash of this process, and only a crash of PostgreSQL's server within about three
     * {@code wal_writer_delay}s (600 ms by default) could lose it.
     */
    public void insertAll(List<Usage> rows, List<MonthTokens> months, List<OutgoingEvent> events) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement write = connection.prepareStatement("""
                        with usage_rows as (
                          insert into llm_usage (tenant_id, bot_id, conversation_id, kind, provider, model, prompt_tokens,
                            completion_tokens, total_tokens, cost_usd, latency_ms, created_at)
                          select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
                            ?::int[], ?::int[], ?::numeric[], ?::int[], ?::timestamptz[])),
                        month_totals as (
                          insert into usage_month (tenant_id, month, tokens)
                          select * from unnest(?::text[], ?::date[], ?::bigint[])
                          on conflict (tenant_id, month) do update set tokens = usage_month.tokens + excluded.tokens),
                        usage_events as (
                        """ + Outbox.INSERT_ALL + """
                        )
                        select set_config('synchronous_commit', 'off', true)""")) {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("usage is written in a statement of its own, not in a transaction");
            }
            int p = 0;
            write.setArray(++p, array(connection, "text", rows, r -> r.tenantId));
            write.setArray(++p, array(connection, "text", rows, r -> r.botId));
            write.setArray(++p, array(connection, "text", rows, r -> r.conversationId));
            write.setArray(++p, array(connection, "text", rows, r -> r.kind));
            write.setArray(++p, array(connection, "text", rows, r -> r.provider));
            write.setArray(++p, array(connection, "text", rows, r -> r.model));
            write.setArray(++p, array(connection, "int4", rows, r -> r.promptTokens));
            write.setArray(++p, array(connection, "int4", rows, r -> r.completionTokens));
            write.setArray(++p, array(connection, "int4", rows, r -> r.totalTokens));
            write.setArray(++p, array(connection, "numeric", rows, r -> r.costUsd));
            write.setArray(++p, array(connection, "int4", rows, r -> r.latencyMs));
            write.setArray(++p, array(connection, "text", rows, r -> r.createdAt.toString())); // ISO-8601, exact
            write.setArray(++p, array(connection, "text", months, MonthTokens::tenantId));
            write.setArray(++p, array(connection, "text", months, m -> m.firstDay().toString()));
            write.setArray(++p, array(connection, "int8", months, MonthTokens::tokens));
            outbox.bindAll(write, ++p, events);
            write.executeQuery().close();
        } catch (SQLException e) {
            throw new PersistenceException("usage not written", e);
        }
        outbox.committed();
    }

    private static <T> Array array(Connection connection, String type, List<T> rows, Function<T, Object> value)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
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
