package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.channel.Signatures;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.engine.EngineInput;
import dev.parley.conversation.engine.Fulfilment;
import dev.parley.conversation.engine.Reply;
import dev.parley.conversation.engine.SessionState;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.outbound.OutboundCallFailedException;
import dev.parley.platform.outbound.OutboundHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final OutboundHttp http;
    private final ObjectMapper json;
    private final SecretCipher cipher;

    public WebhookFulfilmentClient(OutboundHttp http, ObjectMapper json, SecretCipher cipher) {
        this.http = http;
        this.json = json;
        this.cipher = cipher;
    }

    @Override
    public Optional<List<Reply>> fulfil(CompiledBot bot, EngineInput input, SessionState session, String intent,
            Reply answer) {
        ObjectNode body = json.createObjectNode();
        body.put("botId", bot.id());
        body.put("conversationId", input.conversationId());
        body.putObject("contact").put("id", input.contactId()).put("name", input.contactName());
        body.put("channel", input.channelType());
        ObjectNode message = body.putObject("message");
        message.put("text", input.text());
        if (input.buttonId() != null) {
            message.put("buttonId", input.buttonId());
        }
        ObjectNode matched = body.putObject("intent");
        matched.put("name", intent);
        ObjectNode given = matched.putObject("answer");
        given.put("text", answer.text());
        if (answer.buttons() != null) {
            given.set("buttons", json.valueToTree(answer.buttons()));
        }
        body.set("variables", json.valueToTree(session.variables));
        body.put("timestamp", input.receivedAt().toString());
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("X-Parley-Bot-Id", bot.id());
        if (bot.signingSecretCiphertext() != null) {
            headers.put(ExternalBotClient.SIGNATURE_HEADER,
                    Signatures.sha256Header(cipher.decrypt(bot.signingSecretCiphertext()), bytes));
        }
        OutboundHttp.Response response = http.send("POST", bot.snapshot().webhookUrl(), headers, bytes);
        if (response.status() / 100 != 2) {
            throw new OutboundCallFailedException("fulfilment webhook answered " + response.status(), null);
        }
        if (response.body().length == 0) {
            return Optional.empty();
        }
        JsonNode reply;
        try {
            reply = json.readTree(response.body());
        } catch (IOException e) {
            throw new OutboundCallFailedException("fulfilment webhook answered no JSON", e);
        }
        List<Reply> replies = ExternalBotClient.replies(reply, answer.intent());
        return replies.isEmpty() ? Optional.empty() : Optional.of(replies);
    }
}
