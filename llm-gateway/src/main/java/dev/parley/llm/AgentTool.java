package dev.parley.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One tool of an agent loop, as stored with it. {@code type}:
 * <ul>
 * <li>{@code http}: {@code method} on {@code url} (placeholders {@code {name}} take arguments), with the tenant's
 * {@code headers}, the arguments described by the JSON Schema {@code parameters};</li>
 * <li>{@code knowledge_base}: a search of bot-service's knowledge base {@code knowledgeBaseId}, {@code topK} passages;</li>
 * <li>{@code transfer}: hands the execution's conversation to routing, to {@code teamId} if set.</li>
 * </ul>
 * A secret header's value is kept encrypted here and never shown again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentTool(String type, String name, String description, JsonNode parameters, String method, String url,
        List<Header> headers, String knowledgeBaseId, Integer topK, String teamId) {

    public static final String HTTP = "http";
    public static final String KNOWLEDGE_BASE = "knowledge_base";
    public static final String TRANSFER = "transfer";

    /** {@code value} is the ciphertext when {@code secret}. */
    public record Header(String name, String value, boolean secret) {
    }
}
