package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A bot lifecycle event on {@link dev.parley.events.Topics#BOTS}; the CloudEvent type is one of the constants.
 * {@code bot} is the snapshot after the change (before it, for {@link #DELETED}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotEvent(String botId, String tenantId, BotSnapshot bot, Deactivation deactivation) {

    public static final String CREATED = "bot.created";
    public static final String UPDATED = "bot.updated";
    public static final String ACTIVATED = "bot.activated";
    public static final String DEACTIVATED = "bot.deactivated";
    public static final String DELETED = "bot.deleted";

    /** Where the bot's open conversations go when it is deactivated. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deactivation(String transferTo, String reason) {
    }
}
