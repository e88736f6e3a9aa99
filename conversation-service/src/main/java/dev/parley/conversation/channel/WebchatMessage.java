package dev.parley.conversation.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.events.bot.Button;
import java.time.Instant;
import java.util.List;

/**
 * A message as the webchat visitor sees it, in the history and on the event stream alike. {@code seq} orders the
 * conversation and is the event id a reconnecting stream resumes from; {@code sender} is {@code contact}, {@code bot}
 * or {@code agent}, with {@code agentName} for an agent's; a visitor's message carries the {@code clientMessageId} the
 * widget sent it with, so the widget replaces its local copy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebchatMessage(String id, long seq, String conversationId, String sender, String text,
        List<Button> buttons, String agentName, String clientMessageId, Instant createdAt) {
}
