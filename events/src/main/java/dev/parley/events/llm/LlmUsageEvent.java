package dev.parley.events.llm;

import dev.parley.events.Topics;
import java.math.BigDecimal;
import java.time.Instant;

/** One gateway call, as published on {@link Topics#LLM_USAGE} (key: tenant id) for stats and billing. */
public record LlmUsageEvent(String tenantId, String botId, String conversationId, String kind, String provider,
        String model, int promptTokens, int completionTokens, int totalTokens, BigDecimal estimatedCost, int latencyMs,
        Instant occurredAt) {

    public static final String TYPE = "llm.usage.recorded";
}
