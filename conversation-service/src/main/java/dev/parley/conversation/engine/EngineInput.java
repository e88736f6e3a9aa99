package dev.parley.conversation.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One customer message and what surrounds it. {@code buttonId} is set when the customer pressed a button
 * ({@code text} is then its title). {@code history} is the recent conversation, oldest first, without this message.
 */
public record EngineInput(String conversationId, String contactId, String contactName, String channelType,
        String text, String buttonId, List<ChatTurn> history, Map<String, Object> metadata, Instant receivedAt) {
}
