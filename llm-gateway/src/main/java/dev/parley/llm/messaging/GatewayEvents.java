package dev.parley.llm.messaging;

import dev.parley.events.Topics;
import dev.parley.events.conversation.HandoffRequested;
import dev.parley.events.llm.AgentLoopFinishedEvent;
import dev.parley.events.llm.IntegrationFailedEvent;
import dev.parley.events.llm.LlmUsageEvent;
import dev.parley.llm.AgentExecution;
import dev.parley.llm.Integration;
import dev.parley.llm.Usage;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The only place llm-gateway's events are built. Each goes through the outbox, so it leaves with the transaction of
 * the change it reports, on a topic the gateway owns: usage on {@link Topics#LLM_USAGE}, agent loops on
 * {@link Topics#AGENT_LOOPS}, failing integrations on {@link Topics#LLM_INTEGRATIONS}.
 */
@ApplicationScoped
public class GatewayEvents {

    private final Outbox outbox;

    public GatewayEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** One {@code llm.usage.recorded} per call of a batch, which the usage writer stores with the rows. */
    public List<OutgoingEvent> usageRecorded(List<Usage> rows) {
        return rows.stream().map(row -> new OutgoingEvent(Topics.LLM_USAGE, row.tenantId, LlmUsageEvent.TYPE,
                row.tenantId, new LlmUsageEvent(row.tenantId, row.botId, row.conversationId, row.kind, row.provider,
                        row.model, row.promptTokens, row.completionTokens, row.totalTokens, row.costUsd, row.latencyMs,
                        row.createdAt))).toList();
    }

    /** An execution that ended as completed or failed; {@code loopName} as the loop is called now. */
    public void executionFinished(AgentExecution execution, String loopName) {
        outbox.publish(new OutgoingEvent(Topics.AGENT_LOOPS, execution.tenantId,
                AgentExecution.COMPLETED.equals(execution.status) ? AgentLoopFinishedEvent.COMPLETED
                        : AgentLoopFinishedEvent.FAILED,
                execution.tenantId, new AgentLoopFinishedEvent(execution.tenantId, execution.loopId, loopName,
                        execution.id, execution.conversationId, execution.botId, execution.status, execution.output,
                        execution.error, execution.iterations, execution.promptTokens, execution.completionTokens,
                        execution.totalTokens, execution.costUsd, execution.startedAt, execution.finishedAt)));
    }

    /** The transfer tool asks routing for a person on the execution's conversation. */
    public void handoffRequested(String tenantId, String conversationId, String botId, String teamId, String reason,
            String notes) {
        outbox.publish(new OutgoingEvent(Topics.AGENT_LOOPS, conversationId, HandoffRequested.TYPE, tenantId,
                new HandoffRequested(tenantId, conversationId, null, botId, teamId, null, reason, notes)));
    }

    public void integrationFailed(Integration integration, int failures, String error, Instant failedAt) {
        outbox.publish(new OutgoingEvent(Topics.LLM_INTEGRATIONS, integration.tenantId, IntegrationFailedEvent.TYPE,
                integration.tenantId, new IntegrationFailedEvent(integration.tenantId, integration.id,
                        integration.botId, integration.provider, failures, error, failedAt)));
    }
}
