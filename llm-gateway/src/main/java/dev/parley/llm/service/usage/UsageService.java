package dev.parley.llm.service.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.llm.TokenBudget;
import dev.parley.llm.Usage;
import dev.parley.llm.config.BudgetConfig;
import dev.parley.llm.repository.UsageRepository;
import dev.parley.platform.cache.Refresher;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What tenants spend: every call is recorded (and published on {@code parley.llm-usage}), and a call that
 * would go over the tenant's monthly token budget is refused before any model or provider is touched.
 */
@ApplicationScoped
public class UsageService {

    /** How usage can be grouped; each maps to a fixed query expression. */
    public enum GroupBy {
        @JsonProperty("bot") BOT("coalesce(u.botId, 'none')"),
        @JsonProperty("model") MODEL("concat(u.provider, '/', u.model)"),
        @JsonProperty("day") DAY("str(cast(u.createdAt as date))");

        final String expression;

        GroupBy(String expression) {
            this.expression = expression;
        }
    }

    /** A finished call to record. */
    public record Call(String botId, String conversationId, String kind, String provider, String model, int promptTokens,
            int completionTokens, BigDecimal cost, int latencyMs) {
    }

    public record Budget(long monthlyTokens, long usedTokens, boolean overridden, Instant resetsAt) {

        public long remainingTokens() {
            return Math.max(0, monthlyTokens - usedTokens);
        }
    }

    /** How long a replica trusts a tenant's monthly total read from the database (its own calls count at once). */
    private static final long TOTALS_FRESH_MILLIS = 1_000;
    /** Past fresh and up to this, a call is checked against the total read before while it is read again. */
    private static final long TOTALS_STALE_MILLIS = 3_000;
    /** How long a call's answer waits for its usage to be written. */
    private static final int WRITE_PATIENCE_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(UsageService.class);

    /** A tenant's budget and what the database said it used this month, as read at {@code readAt}. */
    private record Snapshot(long monthlyTokens, boolean overridden, long usedTokens, YearMonth month, long readAt) {

        Snapshot plus(long tokens) {
            return new Snapshot(monthlyTokens, overridden, usedTokens + tokens, month, readAt);
        }
    }

    private final UsageRepository usage;
    private final UsageWriter writer;
    private final EntityManager entityManager;
    private final BudgetConfig budgets;
    private final CurrentCaller caller;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Refresher refresher = new Refresher("a tenant's monthly total");

    public UsageService(UsageRepository usage, UsageWriter writer, EntityManager entityManager, BudgetConfig budgets,
            CurrentCaller caller) {
        this.usage = usage;
        this.writer = writer;
        this.entityManager = entityManager;
        this.budgets = budgets;
        this.caller = caller;
        writer.afterWrite(this::written);
    }

    /**
     * Refuses (429 BUDGET_EXCEEDED) a call of about {@code estimatedTokens} that the month's budget cannot take. Calls
     * of other replicas count within {@value #TOTALS_FRESH_MILLIS} ms; this replica's at once.
     */
    public void ensureWithinBudget(long estimatedTokens) {
        ensureWithinBudget(caller.tenantId(), caller.plan().orElse(null), estimatedTokens);
    }

    /** As {@link #ensureWithinBudget(long)} for work outside a request: the tenant and its plan (may be null) named. */
    public void ensureWithinBudget(String tenantId, String plan, long estimatedTokens) {
        ensureWithinBudget(tenantId, snapshot(tenantId, plan), estimatedTokens);
    }

    private void ensureWithinBudget(String tenantId, Snapshot snapshot, long estimatedTokens) {
        long used = snapshot.usedTokens() + writer.unwritten(tenantId);
        if (used + estimatedTokens > snapshot.monthlyTokens()) {
            Instant resetsAt = resetsAt(snapshot.month());
            long retryAfter = Math.max(1, resetsAt.getEpochSecond() - Instant.now().getEpochSecond());
            throw new ProblemException(429, "BUDGET_EXCEEDED", "Token budget exceeded",
                    "This tenant has used " + used + " of its " + snapshot.monthlyTokens()
                            + " tokens this month; the budget renews at " + resetsAt + ".",
                    List.of(), Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }

    /** Records a finished call of the request's tenant; returns once it is written. */
    public void record(Call call) {
        record(caller.tenantId(), call);
    }

    /**
     * Records a finished call (for a tenant named explicitly where the call ends off the request's thread); returns
     * once it is written, so the call is answered only then.
     */
    public void record(String tenantId, Call call) {
        recordAsync(tenantId, call).join();
    }

    /**
     * Records a finished call without blocking: the future completes once the call's row is committed, and the call
     * is answered then, so a crash of this replica loses no answered call's usage. Past {@value #WRITE_PATIENCE_SECONDS}
     * s (the database unreachable) it completes anyway: the row stays queued and is written when the database is back.
     */
    public CompletableFuture<Void> recordAsync(String tenantId, Call call) {
        CompletableFuture<Void> written = writer.enqueue(row(tenantId, call));
        return written.copy().completeOnTimeout(null, WRITE_PATIENCE_SECONDS, TimeUnit.SECONDS).whenComplete((done, e) -> {
            if (!written.isDone()) {
                LOG.warnf("a call of %s answered before its usage was written (the database did not take it within %d s)",
                        tenantId, WRITE_PATIENCE_SECONDS);
            }
        });
    }

    private static Usage row(String tenantId, Call call) {
        Usage row = new Usage();
        row.tenantId = tenantId;
        row.botId = call.botId();
        row.conversationId = call.conversationId();
        row.kind = call.kind();
        row.provider = call.provider();
        row.model = call.model();
        row.promptTokens = call.promptTokens();
        row.completionTokens = call.completionTokens();
        row.totalTokens = call.promptTokens() + call.completionTokens();
        row.costUsd = call.cost();
        row.latencyMs = call.latencyMs();
        row.createdAt = Instant.now(); // when the call ended, not when the batch is written
        return row;
    }

    @Transactional
    public List<UsageRepository.Totals> totals(Instant from, Instant to, GroupBy groupBy) {
        writer.flush();
        return usage.totals(caller.tenantId(), from, to, groupBy.expression);
    }

    public Budget budget() {
        writer.flush();
        String tenant = caller.tenantId();
        snapshots.remove(tenant);
        Snapshot snapshot = snapshot(tenant, caller.plan().orElse(null));
        return new Budget(snapshot.monthlyTokens(), snapshot.usedTokens(), snapshot.overridden(), resetsAt(snapshot.month()));
    }

    /**
     * As {@link #ensureWithinBudget(String, String, long)} without blocking: false, and nothing checked, when the
     * tenant's monthly total would have to be read from the database first. A total read more than
     * {@value #TOTALS_FRESH_MILLIS} ms ago is read again on a worker (once, whatever the calls meanwhile), and serves
     * until {@value #TOTALS_STALE_MILLIS} ms.
     */
    public boolean ensureWithinBudgetFromMemory(String tenantId, String plan, long estimatedTokens) {
        Snapshot cached = snapshots.get(tenantId);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        if (cached == null || !cached.month().equals(month) || !refresher.serves(tenantId,
                System.currentTimeMillis() - cached.readAt(), TOTALS_FRESH_MILLIS, TOTALS_STALE_MILLIS, () -> {
                    Snapshot read = read(tenantId, plan, month, System.currentTimeMillis());
                    snapshots.computeIfPresent(tenantId, (ignored, before) -> read); // a budget set meanwhile is read anew
                })) {
            return false;
        }
        ensureWithinBudget(tenantId, cached, estimatedTokens);
        return true;
    }

    private Snapshot snapshot(String tenant, String plan) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        long now = System.currentTimeMillis();
        Snapshot cached = snapshots.get(tenant);
        if (cached != null && cached.month().equals(month) && now - cached.readAt() < TOTALS_FRESH_MILLIS) {
            return cached;
        }
        Snapshot read = read(tenant, plan, month, now);
        snapshots.put(tenant, read);
        return read;
    }

    @Transactional
    Snapshot read(String tenant, String plan, YearMonth month, long now) {
        TokenBudget own = entityManager.find(TokenBudget.class, tenant);
        long used = usage.tokensInMonth(tenant, month.atDay(1));
        return new Snapshot(own != null ? own.monthlyTokens : planDefault(plan), own != null, used, month, now);
    }

    /**
     * Calls this replica wrote are in the database's totals now: they move from the writer's unwritten tokens into
     * the cached totals, so no budget check has to read the database for them.
     */
    private void written(Map<UsageWriter.TenantMonth, Long> tokens) {
        tokens.forEach((key, written) -> snapshots.computeIfPresent(key.tenantId(),
                (tenant, snapshot) -> snapshot.month().equals(key.month()) ? snapshot.plus(written) : null));
    }

    private static Instant resetsAt(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** Sets the tenant's own monthly budget, or with {@code null} returns it to the plan's. */
    @Transactional
    public Budget setBudget(Long monthlyTokens) {
        String tenant = caller.tenantId();
        TokenBudget own = entityManager.find(TokenBudget.class, tenant);
        if (monthlyTokens == null) {
            if (own != null) {
                entityManager.remove(own);
                entityManager.flush();
            }
            snapshots.remove(tenant);
            return budget();
        }
        boolean created = own == null;
        if (created) {
            own = new TokenBudget();
            own.tenantId = tenant;
        }
        own.monthlyTokens = monthlyTokens;
        own.updatedAt = Instant.now();
        if (created) {
            entityManager.persist(own);
        }
        entityManager.flush();
        snapshots.remove(tenant);
        return budget();
    }

    private long planDefault(String plan) {
        String known = plan != null && budgets.plans().containsKey(plan) ? plan : budgets.defaultPlan();
        return budgets.plans().get(known);
    }
}
