package dev.parley.events.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A transfer's change on {@link dev.parley.events.Topics#ROUTING}, keyed by conversation id (contact id when the
 * transfer names no conversation). The CloudEvent type is one of the constants. On {@link #RESUMED}
 * conversation-service hands the conversation back to its bot.
 *
 * @param status  {@code waiting}, {@code assigned} or {@code resumed}, after the change
 * @param source  {@code handoff} (from a {@code handoff.requested} event) or {@code api}
 * @param teamId  {@code null} for the general queue
 * @param agentId the assigned agent ({@code null} while waiting; on {@link #RESUMED}, the agent it had, if any)
 * @param agentName that agent's display name (what a webchat visitor sees beside the agent's replies)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferEvent(String transferId, String tenantId, String conversationId, String contactId, String botId,
        String teamId, String agentId, String status, String source, String reason, String notes, Instant occurredAt,
        String agentName) {

    public TransferEvent(String transferId, String tenantId, String conversationId, String contactId, String botId,
            String teamId, String agentId, String status, String source, String reason, String notes, Instant occurredAt) {
        this(transferId, tenantId, conversationId, contactId, botId, teamId, agentId, status, source, reason, notes,
                occurredAt, null);
    }

    public static final String CREATED = "transfer.created";
    public static final String ASSIGNED = "transfer.assigned";
    public static final String RESUMED = "transfer.resumed";
}
