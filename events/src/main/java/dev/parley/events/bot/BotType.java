package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code internal}: Parley's engine answers; {@code external}: messages are forwarded to the bot's {@code url}. */
public enum BotType {
    @JsonProperty("internal") INTERNAL,
    @JsonProperty("external") EXTERNAL
}
