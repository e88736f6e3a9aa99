package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A keyword rule (Whatomate's {@code /chatbot/keywords}): when a customer message matches one of {@code keywords}
 * under {@code matchType}, the engine answers with {@code response}. Higher {@code priority} is tried first.
 * Matching is case- and accent-insensitive.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeywordRule(
        String id,
        String name,
        List<String> keywords,
        MatchType matchType,
        Response response,
        int priority,
        boolean enabled) {

    public enum MatchType {
        @JsonProperty("exact") EXACT,
        @JsonProperty("contains") CONTAINS,
        @JsonProperty("starts_with") STARTS_WITH,
        @JsonProperty("regex") REGEX
    }

    /** What the rule answers: a text (optionally with buttons), the start of a flow, or a transfer to agents. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(ResponseType type, String text, List<Button> buttons, String flowId,
            TransferConfig transferConfig) {
    }

    public enum ResponseType {
        @JsonProperty("text") TEXT,
        @JsonProperty("buttons") BUTTONS,
        @JsonProperty("flow") FLOW,
        @JsonProperty("transfer") TRANSFER
    }
}
