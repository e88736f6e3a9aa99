package dev.parley.llm.repository;

import dev.parley.llm.Usage;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

@ApplicationScoped
public class UsageRepository implements PanacheRepository<Usage> {

    /** The usage writer's batch: see {@link #insertAll}. */
    private static final String INSERT_ALL = numbered("""
            with usage_rows as (
              insert into llm_usage (tenant_id, bot_id, conversation_id, kind, provider, model, prompt_tokens,
                completion_tokens, total_tokens, cost_usd, latency_ms, created_at)
              select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
                ?::int[], ?::int[], ?::text[]::numeric[], ?::int[], ?::text[]::timestamptz[])),
            month_totals as (
              insert into usage_month (tenant_id, month, tokens)
              select * from unnest(?::text[], ?::text[]::date[], ?::bigint[])
              on conflict (tenant_id, month) do update set tokens = usage_month.tokens + excluded.tokens),
            usage_events as (
            """ + Outbox.INSERT_ALL + """
            )
            select set_config('synchronous_commit', 'off', true)""");

    /** The statement's JDBC-style placeholders ({@code ?}, as {@link Outbox#INSERT_ALL} has them) as $1, $2, … */
    private static String numbered(String sql) {
        StringBuilder numbered = new StringBuilder(sql.length() + 32);
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }

    private final Outbox outbox;

    public UsageRepository(Outbox outbox) {
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
     * The usage writer's batch as one statement that commits alone: the rows inserted (no entity per row, no id read
     * back), the tokens added to each tenant's monthly total ({@code months}: one entry per tenant and month) and the
     * rows' events put in the outbox, in one round trip. Sent on {@code connection} (an event loop's own, never in a
     * transaction), so the call's event loop writes it and reads its answer without waking any other thread. Its commit
     * returns once PostgreSQL has it, without waiting for its write-ahead log to reach the disk: it then survives any
     * crash of this process, and only a crash of PostgreSQL's server within about three {@code wal_writer_delay}s
     * (600 ms by default) could lose it. The outbox's relay is woken once it has committed.
     */
    public Future<Void> insertAll(SqlClient connection, List<Usage> rows, List<MonthTokens> months,
            List<OutgoingEvent> events) {
        List<Object> parameters = new ArrayList<>(List.of(
                column(rows, String[]::new, r -> r.tenantId),
                column(rows, String[]::new, r -> r.botId),
                column(rows, String[]::new, r -> r.conversationId),
                column(rows, String[]::new, r -> r.kind),
                column(rows, String[]::new, r -> r.provider),
                column(rows, String[]::new, r -> r.model),
                column(rows, Integer[]::new, r -> r.promptTokens),
                column(rows, Integer[]::new, r -> r.completionTokens),
                column(rows, Integer[]::new, r -> r.totalTokens),
                column(rows, String[]::new, r -> r.costUsd == null ? null : r.costUsd.toPlainString()),
                column(rows, Integer[]::new, r -> r.latencyMs),
                column(rows, String[]::new, r -> r.createdAt.toString()), // ISO-8601, exact
                column(months, String[]::new, MonthTokens::tenantId),
                column(months, String[]::new, m -> m.firstDay().toString()),
                column(months, Long[]::new, MonthTokens::tokens)));
        parameters.addAll(outbox.columns(events));
        return connection.preparedQuery(INSERT_ALL).execute(Tuple.wrap(parameters))
                .<Void>mapEmpty()
                .onSuccess(written -> outbox.committed());
    }

    private static <T, V> V[] column(List<T> rows, IntFunction<V[]> array, Function<T, V> value) {
        return rows.stream().map(value).toArray(array);
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
