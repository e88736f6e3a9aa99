package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.engine.EngineInput;
import dev.parley.conversation.engine.Fulfilment;
import dev.parley.conversation.engine.Reply;
import dev.parley.conversation.engine.SessionState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Calls a bot's fulfilment webhook ({@code webhookUrl}) through the outbound guard, as Tiledesk's webhook fulfilment
 * does: the message, the matched intent with the answer the bot would give, the contact and the session's variables.
 * Signed like an external bot's request ({@code X-Parley-Signature: sha256=<hex HMAC-SHA256 of the body>}, the bot's
 * {@code bsk_} secret) when the bot has a secret. The webhook answers {@code {"text", "buttons"}} or
 * {@code {"messages": [...]}} to replace the answer, or an empty body (or no text) to keep it.
 */
@ApplicationScoped
public class WebhookFulfilmentClient implements Fulfilment {

    private final BotWebhooks webhooks;
    private final ObjectMapper json;

    public WebhookFulfilmentClient(BotWebhooks webhooks, ObjectMapper json) {
        this.webhooks = webhooks;
        this.json = json;
    }

    @Override
    public Optional<List<Reply>> fulfil(CompiledBot bot, EngineInput input, SessionState session, String intent,
            Reply answer) {
        ObjectNode body = webhooks.envelope(bot, input, session);
        ObjectNode matched = body.putObject("intent");
        matched.put("name", intent);
        ObjectNode given = matched.putObject("answer");
        given.put("text", answer.text());
        if (answer.buttons() != null) {
            given.set("buttons", json.valueToTree(answer.buttons()));
        }
        return webhooks.post(bot, bot.snapshot().webhookUrl(), body, "fulfilment webhook")
                .map(reply -> BotWebhooks.replies(reply, answer.intent()))
                .filter(replies -> !replies.isEmpty());
    }
}
