package dev.parley.conversation.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Flow;
import java.util.List;

/**
 * One message the bot sends. {@code intent} names what produced it ({@code greeting}, {@code keyword:<rule>},
 * {@code flow:<flow>}, {@code ai}, {@code fallback}, {@code handoff}, {@code offline}, {@code external}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reply(String text, List<Button> buttons, String intent, List<Source> sources,
        Flow.WhatsappFlow whatsappFlow) {

    public static Reply text(String text, String intent) {
        return new Reply(text, null, intent, null, null);
    }

    public static Reply withButtons(String text, List<Button> buttons, String intent) {
        return new Reply(text, buttons == null || buttons.isEmpty() ? null : buttons, intent, null, null);
    }

    /** Where an AI answer came from (a knowledge-base document, an AI context). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String type, String documentId, String excerpt, Double score) {
    }
}
