package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Model parameters of an AI bot (Linktor's {@code config}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotConfig(
        String systemPrompt,
        Double temperature,
        Integer maxTokens,
        Double topP,
        Double frequencyPenalty,
        Double presencePenalty) {
}
