package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.parley.bot.BotAiContext;
import dev.parley.events.bot.AiContext;
import java.time.Instant;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record AiContextAttributes(@JsonUnwrapped AiContext context, String botId, Instant createdAt, Instant updatedAt) {

    static final String TYPE = "ai_context";

    static AiContextAttributes of(BotAiContext context) {
        return new AiContextAttributes(context.definition, context.botId, context.createdAt, context.updatedAt);
    }
}
