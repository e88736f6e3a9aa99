package dev.parley.bot.service.bots;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.bot.BotActivity;
import dev.parley.bot.repository.BotActivityRepository;
import dev.parley.bot.repository.BotRepository;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A bot's statistics over a period (the Linktor seed's figures), computed from its projected activity. */
@ApplicationScoped
public class BotStatsService {

    public enum Period {
        @JsonProperty("1h") HOUR(Duration.ofHours(1)),
        @JsonProperty("24h") DAY(Duration.ofDays(1)),
        @JsonProperty("7d") WEEK(Duration.ofDays(7)),
        @JsonProperty("30d") MONTH(Duration.ofDays(30));

        final Duration length;

        Period(Duration length) {
            this.length = length;
        }
    }

    public record Stats(String botId, Period period, Conversations conversations, Messages messages,
            Performance performance, Usage usage, List<Intent> topIntents, List<HandoffReason> topHandoffReasons) {
    }

    /** {@code avgDuration} in seconds. */
    public record Conversations(long total, long resolved, long handedOff, Double avgLength, Double avgDuration) {
    }

    /** {@code avgResponseTime} in seconds. */
    public record Messages(long received, long sent, Double avgResponseTime) {
    }

    /** Rates over the conversations closed in the period (resolution) or started in it (handoff). */
    public record Performance(Double resolutionRate, Double handoffRate, Double satisfactionScore, long feedbackCount) {
    }

    public record Usage(long totalTokens, long promptTokens, long completionTokens, BigDecimal estimatedCost) {
    }

    public record Intent(String intent, long count) {
    }

    public record HandoffReason(String reason, long count) {
    }

    /**
     * The summary a bot object carries (the Linktor seed's {@code stats}): conversations and messages (received and
     * sent) of the last 24 hours and of the bot's lifetime; the averages and rates are over its lifetime.
     * {@code avgResponseTime} in seconds.
     */
    public record Summary(long conversationsHandled24h, long conversationsHandledTotal, long messagesProcessed24h,
            long messagesProcessedTotal, Double avgResponseTime, Double avgConversationLength, Double handoffRate,
            Double satisfactionScore) {

        static final Summary NONE = new Summary(0, 0, 0, 0, null, null, null, null);
    }

    private static final int TOP = 5;

    private final BotRepository bots;
    private final BotActivityRepository activity;
    private final CurrentCaller caller;

    public BotStatsService(BotRepository bots, BotActivityRepository activity, CurrentCaller caller) {
        this.bots = bots;
        this.activity = activity;
        this.caller = caller;
    }

    @Transactional
    public Stats stats(String botId, Period period) {
        bots.findOwned(caller.tenantId(), botId)
                .orElseThrow(() -> ProblemException.notFound("BOT_NOT_FOUND", "Bot " + botId + " does not exist."));
        Instant since = Instant.now().minus(period.length);
        BotActivityRepository.Totals t = activity.totals(botId, since);
        return new Stats(botId, period,
                new Conversations(t.conversations(), t.resolved(), t.handedOff(), round(t.avgLength()),
                        round(t.avgDuration())),
                new Messages(t.received(), t.sent(), t.avgResponseMs() == null ? null : round(t.avgResponseMs() / 1000)),
                new Performance(ratio(t.resolved(), t.closed()), ratio(t.handedOff(), t.conversations()),
                        round(t.satisfaction()), t.feedbackCount()),
                new Usage(t.promptTokens() + t.completionTokens(), t.promptTokens(), t.completionTokens(),
                        t.cost().setScale(4, RoundingMode.HALF_UP)),
                activity.top(botId, BotActivity.Kind.MESSAGE_SENT, since, TOP).stream()
                        .map(c -> new Intent(c.label(), c.count())).toList(),
                activity.top(botId, BotActivity.Kind.HANDOFF, since, TOP).stream()
                        .map(c -> new HandoffReason(c.label(), c.count())).toList());
    }

    /** The summaries of bots the caller has already been allowed to see, by bot id (zeroes for a bot without activity). */
    @Transactional
    public Map<String, Summary> summaries(Collection<String> botIds) {
        Map<String, Summary> byBot = new HashMap<>();
        botIds.forEach(id -> byBot.put(id, Summary.NONE));
        for (BotActivityRepository.Summary s : activity.summaries(botIds, Instant.now().minus(Period.DAY.length))) {
            byBot.put(s.botId(), new Summary(s.conversationsDay(), s.conversationsTotal(), s.messagesDay(), s.messagesTotal(),
                    s.avgResponseMs() == null ? null : round(s.avgResponseMs() / 1000), round(s.avgLength()),
                    ratio(s.handedOff(), s.conversationsTotal()), round(s.satisfaction())));
        }
        return byBot;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 1000) / 1000.0;
    }
}
