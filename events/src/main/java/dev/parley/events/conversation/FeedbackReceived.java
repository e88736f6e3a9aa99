package dev.parley.events.conversation;

import java.time.Instant;

/** A contact's rating (1–5) of a conversation: {@code feedback.received} on {@link dev.parley.events.Topics#CONVERSATIONS}. */
public record FeedbackReceived(String tenantId, String conversationId, String botId, int rating, String comment,
        Instant receivedAt) {

    public static final String TYPE = "feedback.received";
}
