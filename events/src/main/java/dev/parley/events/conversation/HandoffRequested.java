package dev.parley.events.conversation;

/**
 * A conversation the bot hands to people ({@code handoff.requested} on {@link dev.parley.events.Topics#CONVERSATIONS},
 * key = conversation id): routing-service creates a transfer from it. {@code teamId} null means the general queue;
 * {@code reason} is {@code customer_request}, {@code fallback_exceeded}, {@code flow_transfer}, {@code keyword_rule}
 * or what an external bot said; {@code notes} are for the agents.
 */
public record HandoffRequested(String tenantId, String conversationId, String contactId, String botId, String teamId,
        String reason, String notes) {

    public static final String TYPE = "handoff.requested";
}
