package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A function the model may call: a JSON-Schema parameter definition and the HTTP endpoint that executes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotFunction(
        String name,
        String description,
        Map<String, Object> parameters,
        Endpoint endpoint) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Endpoint(String url,
            String method,
            Map<String, String> headers) {
    }
}
