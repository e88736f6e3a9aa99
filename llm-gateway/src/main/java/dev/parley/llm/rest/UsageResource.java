package dev.parley.llm.rest;

import dev.parley.llm.repository.UsageRepository;
import dev.parley.llm.service.usage.UsageService;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.CheckedRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** What the caller's tenant spent on LLM calls, and its monthly token budget. */
@Path("/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Usage")
public class UsageResource {

    /** Headers a caller sets to bill a call to one bot and conversation. */
    public static final String BOT_HEADER = "X-Parley-Bot-Id";
    public static final String CONVERSATION_HEADER = "X-Parley-Conversation-Id";

    public record TotalsAttributes(long requests, long promptTokens, long completionTokens, long totalTokens,
            BigDecimal estimatedCost) {
    }

    public record BudgetAttributes(long monthlyTokens, long usedTokens, long remainingTokens, boolean overridden,
            Instant resetsAt) {
    }

    public record BudgetRequest(Long monthlyTokens) implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            if (monthlyTokens != null && monthlyTokens < 0) {
                checks.add("monthlyTokens", "must be 0 or more");
            }
        }
    }

    private final UsageService usage;

    public UsageResource(UsageService usage) {
        this.usage = usage;
    }

    @GET
    @RolesAllowed({Scopes.LLM_USE, Scopes.BOTS_READ})
    @Operation(summary = "Usage totals", description = "Grouped by `bot`, `model` or `day` (default `model`) between "
            + "`from` and `to` (ISO dates or instants; default: this month).")
    public Envelope.Listing<Envelope.Resource<TotalsAttributes>> totals(@RestQuery String groupBy, @RestQuery String from,
            @RestQuery String to, @BeanParam PageQuery paging) {
        UsageService.GroupBy grouping = RequestValues.optionalEnum(UsageService.GroupBy.class, "groupBy", groupBy);
        Instant start = instant("from", from, YearMonth.now(ZoneOffset.UTC).atDay(1));
        Instant end = instant("to", to, LocalDate.now(ZoneOffset.UTC).plusDays(1));
        PageRequest request = paging.request();
        List<UsageRepository.Totals> all = usage.totals(start, end, grouping == null ? UsageService.GroupBy.MODEL : grouping);
        return Envelope.list(Page.of(all, request).map(t -> new Envelope.Resource<>(t.key(), "usage",
                new TotalsAttributes(t.requests(), t.promptTokens(), t.completionTokens(), t.totalTokens(), t.cost()))));
    }

    @GET
    @Path("/budget")
    @RolesAllowed({Scopes.LLM_USE, Scopes.BOTS_READ})
    @Operation(summary = "This month's token budget and what is used of it")
    public Envelope.Single<Envelope.Resource<BudgetAttributes>> budget() {
        return budgetResource(usage.budget());
    }

    @PUT
    @Path("/budget")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.ADMIN)
    @Operation(summary = "Set the tenant's monthly token budget", description = "`null` returns to the plan's budget.")
    public Envelope.Single<Envelope.Resource<BudgetAttributes>> setBudget(BudgetRequest body) {
        return budgetResource(usage.setBudget(RequestValues.requiredBody(body).monthlyTokens()));
    }

    /** A bot or conversation id from a billing header, or null; anything else is a validation error. */
    static String billedId(String prefix, String header, String value) {
        String id = RequestValues.blankToNull(value);
        if (id != null && !Ids.looksLike(prefix, id)) {
            throw ProblemException.validation(header, "must be a " + prefix + "_… id");
        }
        return id;
    }

    private static Envelope.Single<Envelope.Resource<BudgetAttributes>> budgetResource(UsageService.Budget b) {
        return Envelope.one("budget", "budget", new BudgetAttributes(b.monthlyTokens(), b.usedTokens(), b.remainingTokens(),
                b.overridden(), b.resetsAt()));
    }

    private static Instant instant(String field, String raw, LocalDate fallback) {
        String value = RequestValues.blankToNull(raw);
        if (value == null) {
            return fallback.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(field, "must be an ISO date (2026-11-01) or instant (2026-11-01T00:00:00Z)");
        }
    }
}
