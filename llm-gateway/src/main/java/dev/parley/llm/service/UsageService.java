package dev.parley.llm.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.events.LlmUsageEvent;
import dev.parley.events.Topics;
import dev.parley.llm.TokenBudget;
import dev.parley.llm.Usage;
import dev.parley.llm.config.BudgetConfig;
import dev.parley.llm.repository.UsageRepository;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
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

    private final UsageRepository usage;
    private final EntityManager entityManager;
    private final BudgetConfig budgets;
    private final Outbox outbox;
    private final CurrentCaller caller;

    public UsageService(UsageRepository usage, EntityManager entityManager, BudgetConfig budgets, Outbox outbox,
            CurrentCaller caller) {
        this.usage = usage;
        this.entityManager = entityManager;
        this.budgets = budgets;
        this.outbox = outbox;
        this.caller = caller;
    }

    /** Refuses (429 BUDGET_EXCEEDED) a call of about {@code estimatedTokens} that the month's budget cannot take. */
    @Transactional
    public void ensureWithinBudget(long estimatedTokens) {
        ensureWithinBudget(caller.tenantId(), caller.plan().orElse(null), estimatedTokens);
    }

    /** As {@link #ensureWithinBudget(long)} for work outside a request: the tenant and its plan (may be null) named. */
    @Transactional
    public void ensureWithinBudget(String tenantId, String plan, long estimatedTokens) {
        Budget budget = budget(tenantId, plan);
        if (budget.usedTokens() + estimatedTokens > budget.monthlyTokens()) {
            long retryAfter = Math.max(1, budget.resetsAt().getEpochSecond() - Instant.now().getEpochSecond());
            throw new ProblemException(429, "BUDGET_EXCEEDED", "Token budget exceeded",
                    "This tenant has used " + budget.usedTokens() + " of its " + budget.monthlyTokens()
                            + " tokens this month; the budget renews at " + budget.resetsAt() + ".",
                    List.of(), Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }

    @Transactional
    public void record(Call call) {
        record(caller.tenantId(), call);
    }

    /** For a call that ends on another thread than the request's (a streamed answer). */
    @Transactional
    public void record(String tenantId, Call call) {
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
        row.createdAt = Instant.now();
        usage.persist(row);
        outbox.publish(new OutgoingEvent(Topics.LLM_USAGE, row.tenantId, LlmUsageEvent.TYPE, row.tenantId,
                new LlmUsageEvent(row.tenantId, row.botId, row.conversationId, row.kind, row.provider, row.model,
                        row.promptTokens, row.completionTokens, row.totalTokens, row.costUsd, row.latencyMs, row.createdAt)));
    }

    @Transactional
    public List<UsageRepository.Totals> totals(Instant from, Instant to, GroupBy groupBy) {
        return usage.totals(caller.tenantId(), from, to, groupBy.expression);
    }

    @Transactional
    public Budget budget() {
        return budget(caller.tenantId(), caller.plan().orElse(null));
    }

    private Budget budget(String tenant, String plan) {
        TokenBudget own = entityManager.find(TokenBudget.class, tenant);
        long monthly = own != null ? own.monthlyTokens : planDefault(plan);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant next = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new Budget(monthly, usage.tokensSince(tenant, start), own != null, next);
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
        return budget();
    }

    private long planDefault(String plan) {
        String known = plan != null && budgets.plans().containsKey(plan) ? plan : budgets.defaultPlan();
        return budgets.plans().get(known);
    }
}
