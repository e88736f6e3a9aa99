package dev.parley.events.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code conversation.started}, {@code conversation.closed} and {@code conversation.deleted} on
 * {@link dev.parley.events.Topics#CONVERSATIONS} (key = conversation id). On close: how many messages it had, how long it
 * lasted and whether the bot resolved it alone ({@code handedOff} false), the figures bot statistics are computed from.
 * {@code contactName}: the contact's display name when the channel gave one (routing shows it with transfers); never on
 * {@code conversation.deleted}, which tells that the conversation was erased (its ids, {@code status} {@code deleted}):
 * routing ends its open transfer, as on close, and forgets it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationEvent(String tenantId, String conversationId, String botId, String channelId,
        String channelType, String contactId, String status, Instant startedAt, Instant closedAt, Integer messageCount,
        Long durationSeconds, Boolean handedOff, String contactName) {

    public static final String STARTED = "conversation.started";
    public static final String CLOSED = "conversation.closed";
    public static final String DELETED = "conversation.deleted";
}
