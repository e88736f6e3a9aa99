package dev.parley.bot.repository;

import dev.parley.bot.BotActivity;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class BotActivityRepository implements PanacheRepository<BotActivity> {

    /** Every figure of one bot's statistics since {@code since}, in one pass over its rows. */
    public record Totals(long conversations, long closed, long resolved, Double avgLength, Double avgDuration,
            long handedOff, long received, long sent, Double avgResponseMs, Double satisfaction, long feedbackCount,
            long promptTokens, long completionTokens, BigDecimal cost) {
    }

    /** A bot's lifetime figures and those of the last day, as bot objects show them. */
    public record Summary(String botId, long conversationsDay, long conversationsTotal, long messagesDay, long messagesTotal,
            Double avgResponseMs, Double avgLength, long handedOff, Double satisfaction) {
    }

    /** A label (intent or handoff reason) and how often it occurred. */
    public record Count(String label, long count) {
    }

    public Totals totals(String botId, Instant since) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                select count(*) filter (where kind = 'CONVERSATION_STARTED'),
                       count(*) filter (where kind = 'CONVERSATION_CLOSED'),
                       count(*) filter (where kind = 'CONVERSATION_CLOSED' and not coalesce(handed_off, false)),
                       avg(message_count) filter (where kind = 'CONVERSATION_CLOSED'),
                       avg(duration_seconds) filter (where kind = 'CONVERSATION_CLOSED'),
                       count(distinct conversation_id) filter (where kind = 'HANDOFF'),
                       count(*) filter (where kind = 'MESSAGE_RECEIVED'),
                       count(*) filter (where kind = 'MESSAGE_SENT'),
                       avg(response_ms) filter (where kind = 'MESSAGE_SENT'),
                       avg(rating) filter (where kind = 'FEEDBACK'),
                       count(*) filter (where kind = 'FEEDBACK'),
                       coalesce(sum(prompt_tokens), 0),
                       coalesce(sum(completion_tokens), 0),
                       coalesce(sum(cost_usd), 0)
                  from bot_activity where bot_id = ?1 and occurred_at >= ?2""")
                .setParameter(1, botId).setParameter(2, since).getSingleResult();
        return new Totals(count(row[0]), count(row[1]), count(row[2]), average(row[3]), average(row[4]), count(row[5]),
                count(row[6]), count(row[7]), average(row[8]), average(row[9]), count(row[10]), count(row[11]),
                count(row[12]), (BigDecimal) row[13]);
    }

    /** The summaries of {@code botIds} in one pass over their rows; bots without activity are absent. */
    @SuppressWarnings("unchecked")
    public List<Summary> summaries(Collection<String> botIds, Instant dayStart) {
        if (botIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                select bot_id,
                       count(*) filter (where kind = 'CONVERSATION_STARTED' and occurred_at >= :day),
                       count(*) filter (where kind = 'CONVERSATION_STARTED'),
                       count(*) filter (where kind in ('MESSAGE_RECEIVED', 'MESSAGE_SENT') and occurred_at >= :day),
                       count(*) filter (where kind in ('MESSAGE_RECEIVED', 'MESSAGE_SENT')),
                       avg(response_ms) filter (where kind = 'MESSAGE_SENT'),
                       avg(message_count) filter (where kind = 'CONVERSATION_CLOSED'),
                       count(distinct conversation_id) filter (where kind = 'HANDOFF'),
                       avg(rating) filter (where kind = 'FEEDBACK')
                  from bot_activity where bot_id in (:bots) group by bot_id""")
                .setParameter("bots", botIds).setParameter("day", dayStart).getResultList();
        return rows.stream().map(r -> new Summary((String) r[0], count(r[1]), count(r[2]), count(r[3]), count(r[4]),
                average(r[5]), average(r[6]), count(r[7]), average(r[8]))).toList();
    }

    /** The most frequent labels of {@code kind} rows since {@code since}, most frequent first. */
    public List<Count> top(String botId, BotActivity.Kind kind, Instant since, int limit) {
        return getEntityManager().createQuery("select new " + Count.class.getName() + "(a.label, count(a))"
                + " from BotActivity a where a.botId = ?1 and a.kind = ?2 and a.occurredAt >= ?3 and a.label is not null"
                + " group by a.label order by count(a) desc, a.label", Count.class)
                .setParameter(1, botId).setParameter(2, kind).setParameter(3, since)
                .setMaxResults(limit).getResultList();
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double average(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
