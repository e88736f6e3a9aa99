package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.parley.bot.Bot;
import dev.parley.bot.BotDefinition;
import dev.parley.bot.service.bots.BotOverviews;
import dev.parley.bot.service.bots.BotStatsService;
import dev.parley.events.bot.BotStatus;
import java.time.Instant;
import java.util.List;

/**
 * A bot as the API shows it: its definition plus what the platform decides, and what it references by name with its
 * statistics summary (the Linktor seed's {@code knowledgeBase}, {@code flow}, {@code channels}, {@code stats}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotAttributes(
        @JsonUnwrapped BotDefinition definition,
        BotStatus status,
        BotOverviews.KnowledgeBaseRef knowledgeBase,
        BotOverviews.FlowRef flow,
        List<BotOverviews.ChannelRef> channels,
        BotStatsService.Summary stats,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant activatedAt,
        Instant deactivatedAt,
        Integer conversationsTransferred,
        String secret) {

    static final String TYPE = "bot";

    static BotAttributes of(Bot bot, BotOverviews.Overview overview) {
        return of(bot, overview, null, null);
    }

    /** {@code secret} is set only in the answer that generated it. */
    static BotAttributes of(Bot bot, BotOverviews.Overview overview, String secret, Integer conversationsTransferred) {
        return new BotAttributes(bot.definition, bot.status, overview.knowledgeBase(), overview.flow(), overview.channels(),
                overview.stats(), bot.createdBy, bot.createdAt, bot.updatedAt, bot.activatedAt, bot.deactivatedAt, conversationsTransferred,
                secret);
    }
}
