package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** How a bot greets, falls back, hands off and behaves outside business hours. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotBehaviors(
        @Valid Greeting greeting,
        @Valid Fallback fallback,
        @Valid Handoff handoff,
        @Valid OfflineMessage offlineMessage,
        @Valid BusinessHours businessHours) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Greeting(Boolean enabled, @Size(max = 4096) String message,
            @Size(max = 10) List<@Valid @NotNull Button> buttons) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fallback(Boolean enabled, @Size(max = 4096) String message,
            @Size(max = 10) List<@Valid @NotNull Button> buttons, @Min(0) @Max(20) Integer maxRetries) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Handoff(Boolean enabled, @Size(max = 100) List<@NotBlank @Size(max = 200) String> triggers,
            @Size(max = 4096) String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OfflineMessage(Boolean enabled, @Size(max = 4096) String message) {
    }

    /** Opening hours in the bot's time zone (an IANA zone id such as {@code Europe/Rome}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BusinessHours(Boolean enabled, @Size(max = 64) String timezone,
            @Size(max = 50) List<@Valid @NotNull OpeningHours> schedule) {
    }

    public record OpeningHours(
            @NotNull Weekday day,
            @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be HH:mm") String open,
            @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d|24:00", message = "must be HH:mm") String close) {
    }
}
