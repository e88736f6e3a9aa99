package dev.parley.llm.service.agentloop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A new agent loop, or the fields a PATCH changes (null: unchanged; {@code tools} replaces the whole list). */
public record AgentLoopChanges(String name, String instructions, String model, List<Tool> tools, Integer maxIterations,
        Integer maxTokens, Integer timeoutSeconds) {

    /** See {@link dev.parley.llm.AgentTool}. */
    public record Tool(String type, String name, String description, JsonNode parameters, String method, String url,
            List<Header> headers, String knowledgeBaseId, Integer topK, String teamId) {
    }

    /**
     * A header an HTTP tool sends. A {@code secret} value is stored encrypted and never shown; leaving it out of a
     * PATCH keeps the value the same tool's same header had.
     */
    public record Header(String name, String value, Boolean secret) {
    }
}
