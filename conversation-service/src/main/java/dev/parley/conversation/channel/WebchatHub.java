package dev.parley.conversation.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.events.bot.Button;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live webchat visitors on this replica: each visitor's open event streams receive the replies meant for them.
 * A visitor with no stream open reads missed replies from the session's message list.
 */
@ApplicationScoped
public class WebchatHub {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebchatMessage(String id, String conversationId, String sender, String text, List<Button> buttons,
            Instant createdAt) {
    }

    private final ConcurrentHashMap<String, BroadcastProcessor<WebchatMessage>> visitors = new ConcurrentHashMap<>();

    public Multi<WebchatMessage> stream(String contactId) {
        return visitors.computeIfAbsent(contactId, id -> BroadcastProcessor.create());
    }

    public void push(String contactId, WebchatMessage message) {
        BroadcastProcessor<WebchatMessage> processor = visitors.get(contactId);
        if (processor != null) {
            processor.onNext(message);
        }
    }
}
