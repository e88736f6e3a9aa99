package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Capabilities(
        Boolean textResponses,
        Boolean imageGeneration,
        Boolean codeExecution,
        Boolean webSearch,
        Boolean functionCalling) {
}
