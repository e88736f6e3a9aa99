package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Extra knowledge for AI answers (Whatomate's {@code /chatbot/ai-contexts}): when a customer message contains one
 * of {@code triggerKeywords} (or the list is empty), {@code content} ({@code static}) or the result of
 * {@code apiFetch} ({@code api}) is added to the prompt, higher {@code priority} first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AiContext(
        String id,
        String name,
        List<String> triggerKeywords,
        ContextType contextType,
        String content,
        ApiFetch apiFetch,
        int priority,
        boolean enabled) {

    public enum ContextType {
        @JsonProperty("static") STATIC,
        @JsonProperty("api") API
    }
}
