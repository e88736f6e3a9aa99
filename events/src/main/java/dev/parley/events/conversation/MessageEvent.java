package dev.parley.events.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code message.received} (from the contact) and {@code message.sent} (by the bot or an agent) on
 * {@link dev.parley.events.Topics#CONVERSATIONS} (key = conversation id). A bot reply names the engine step that
 * produced it ({@code intent}: a keyword rule's name, a flow, {@code ai}, {@code greeting}, {@code fallback}, ...)
 * and {@code responseTimeMs}, from the customer's message to the reply being decided.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageEvent(String tenantId, String conversationId, String messageId, String botId, String channelId,
        String contactId, String sender, String text, String intent, Long responseTimeMs, Instant createdAt) {

    public static final String RECEIVED = "message.received";
    public static final String SENT = "message.sent";
}
