package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.engine.EngineInput;
import dev.parley.conversation.engine.ExternalBot;
import dev.parley.conversation.engine.Outcome;
import dev.parley.conversation.engine.Reply;
import dev.parley.conversation.engine.SessionState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Forwards a message to an external bot's {@code url} ({@link BotWebhooks}: signed, through the outbound guard). The
 * bot answers {@code {"text", "buttons"}} or {@code {"messages": [{"text", "buttons"}], "handoff": {"reason", "teamId",
 * "notes"}}}.
 */
@ApplicationScoped
public class ExternalBotClient implements ExternalBot {

    private final BotWebhooks webhooks;

    public ExternalBotClient(BotWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public Answer forward(CompiledBot bot, EngineInput input, SessionState session) {
        if (bot.snapshot().url() == null) {
            throw new IllegalStateException("external bot without url");
        }
        if (bot.signingSecretCiphertext() == null) {
            throw new IllegalStateException("external bot without a signing secret in its snapshot");
        }
        JsonNode reply = webhooks.post(bot, bot.snapshot().url(), webhooks.envelope(bot, input, session), "external bot")
                .orElse(null);
        if (reply == null) {
            return new Answer(List.of(), null);
        }
        List<Reply> replies = BotWebhooks.replies(reply, "external");
        JsonNode h = reply.path("handoff");
        Outcome.Handoff handoff = h.isObject() ? new Outcome.Handoff(h.path("reason").asText("external_bot"),
                h.path("teamId").asText(null), h.path("notes").asText(null)) : null;
        return new Answer(replies, handoff);
    }
}
