package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** Model parameters of an AI bot (Linktor's {@code config}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotConfig(
        @Size(max = 20_000) String systemPrompt,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @Min(1) @Max(128_000) Integer maxTokens,
        @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
        @DecimalMin("-2.0") @DecimalMax("2.0") Double frequencyPenalty,
        @DecimalMin("-2.0") @DecimalMax("2.0") Double presencePenalty) {
}
