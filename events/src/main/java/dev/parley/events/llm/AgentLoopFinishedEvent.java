package dev.parley.events.llm;

import dev.parley.events.Topics;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An agent loop execution that ended, on {@link Topics#AGENT_LOOPS} with key tenant id: CloudEvent type
 * {@value #COMPLETED} with its {@code output}, or {@value #FAILED} with the {@code error} that stopped it.
 * Tenants' webhooks subscribe to both.
 */
public record AgentLoopFinishedEvent(String tenantId, String loopId, String loopName, String executionId,
        String conversationId, String botId, String status, String output, String error, int iterations,
        int promptTokens, int completionTokens, int totalTokens, BigDecimal estimatedCost, Instant startedAt,
        Instant finishedAt) {

    public static final String COMPLETED = "agent_loop.completed";
    public static final String FAILED = "agent_loop.failed";
}
