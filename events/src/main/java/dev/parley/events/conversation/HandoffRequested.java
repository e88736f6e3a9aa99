package dev.parley.events.conversation;

/**
 * A conversation that should leave its bot for routing (a human or bot agent, optionally a given team), on
 * {@link dev.parley.events.Topics#CONVERSATIONS} with key conversation id. {@code contactId}, {@code botId},
 * {@code teamId} and {@code notes} may be null.
 */
public record HandoffRequested(String tenantId, String conversationId, String contactId, String botId, String teamId,
        String reason, String notes) {

    public static final String TYPE = "handoff.requested";
}
