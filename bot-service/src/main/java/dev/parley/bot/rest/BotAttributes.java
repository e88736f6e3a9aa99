package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.parley.bot.Bot;
import dev.parley.bot.BotDefinition;
import dev.parley.events.bot.BotStatus;
import java.time.Instant;

/** A bot as the API shows it: its definition plus what the platform decides. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotAttributes(
        @JsonUnwrapped BotDefinition definition,
        BotStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant activatedAt,
        Instant deactivatedAt,
        Integer conversationsTransferred,
        String secret) {

    static final String TYPE = "bot";

    static BotAttributes of(Bot bot) {
        return of(bot, null, null);
    }

    /** {@code secret} is set only in the answer that generated it. */
    static BotAttributes of(Bot bot, String secret, Integer conversationsTransferred) {
        return new BotAttributes(bot.definition, bot.status, bot.createdAt, bot.updatedAt,
                bot.activatedAt, bot.deactivatedAt, conversationsTransferred, secret);
    }
}
