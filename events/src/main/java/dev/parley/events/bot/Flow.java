package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A step flow (Whatomate's {@code /chatbot/flows}): started by the bot's default {@code flowId}, a trigger keyword or
 * a keyword rule; sends {@code initialMessage}, then each step in {@code stepOrder}, then {@code completionMessage}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Flow(
        String id,
        String name,
        List<String> triggerKeywords,
        String initialMessage,
        String completionMessage,
        boolean enabled,
        PanelConfig panelConfig,
        List<Step> steps) {

    /**
     * One step: sends {@code message} (with {@code buttons}, fetched by {@code apiFetch}, as a WhatsApp Flow, or as a
     * transfer that ends the flow), then, unless {@code inputType} is {@code none}, waits for an answer that passes
     * {@code validation} (else {@code retryMessage}, at most {@code maxRetries} times) and stores it as {@code storeAs}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(
            String stepName,
            int stepOrder,
            String message,
            MessageType messageType,
            InputType inputType,
            Validation validation,
            String retryMessage,
            Integer maxRetries,
            List<Button> buttons,
            String storeAs,
            ApiFetch apiFetch,
            TransferConfig transferConfig,
            WhatsappFlow whatsappFlow) {
    }

    public enum MessageType {
        @JsonProperty("text") TEXT,
        @JsonProperty("buttons") BUTTONS,
        @JsonProperty("api_fetch") API_FETCH,
        @JsonProperty("whatsapp_flow") WHATSAPP_FLOW,
        @JsonProperty("transfer") TRANSFER
    }

    /** What answer a step expects; {@code select} accepts a button id or title. */
    public enum InputType {
        @JsonProperty("none") NONE,
        @JsonProperty("text") TEXT,
        @JsonProperty("number") NUMBER,
        @JsonProperty("email") EMAIL,
        @JsonProperty("phone") PHONE,
        @JsonProperty("date") DATE,
        @JsonProperty("select") SELECT
    }

    /** Checks on an answer: a regular expression, length bounds (text) or value bounds (number). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(String pattern, Integer minLength, Integer maxLength, Double min, Double max) {
    }

    /** A native WhatsApp Flow to open ({@code flowId} at Meta), with its call-to-action text and initial data. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WhatsappFlow(String flowId, String cta, String screen, Map<String, Object> data) {
    }

    /** Which session variables the agent's contact panel shows (the seed's {@code panel_config}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PanelConfig(List<Section> sections) {

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Section(String id, String label, Integer columns, Boolean collapsible, Boolean defaultCollapsed,
                Integer order, List<Field> fields) {
        }

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Field(String key, String label, Integer order, String displayType, String color) {
        }
    }
}
