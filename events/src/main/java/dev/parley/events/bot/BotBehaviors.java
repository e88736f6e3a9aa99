package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** How a bot greets, falls back, hands off and behaves outside business hours. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotBehaviors(
        Greeting greeting,
        Fallback fallback,
        Handoff handoff,
        OfflineMessage offlineMessage,
        BusinessHours businessHours) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Greeting(Boolean enabled, String message,
            List<Button> buttons) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fallback(Boolean enabled, String message,
            List<Button> buttons, Integer maxRetries) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Handoff(Boolean enabled, List<String> triggers,
            String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OfflineMessage(Boolean enabled, String message) {
    }

    /** Opening hours in the bot's time zone (an IANA zone id such as {@code Europe/Rome}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BusinessHours(Boolean enabled, String timezone,
            List<OpeningHours> schedule) {
    }

    public record OpeningHours(
            Weekday day,
            String open,
            String close) {
    }
}
