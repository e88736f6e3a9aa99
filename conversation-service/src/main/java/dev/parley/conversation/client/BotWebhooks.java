package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.channel.Signatures;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.engine.EngineInput;
import dev.parley.conversation.engine.Reply;
import dev.parley.conversation.engine.SessionState;
import dev.parley.events.bot.Button;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.outbound.OutboundCallFailedException;
import dev.parley.platform.outbound.OutboundHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How Parley calls a tenant's own bot code over HTTP (an external bot's {@code url}, a fulfilment {@code webhookUrl}):
 * one envelope (the bot, the conversation, the contact, the channel, the message, the session's variables, the time),
 * sent through the outbound guard and signed with the bot's {@code bsk_} secret when it has one
 * ({@code X-Parley-Signature: sha256=<hex HMAC-SHA256 of the exact body>}); a 2xx JSON answer, or nothing for an empty
 * body. The answer's replies are {@code {"text", "buttons"}} or {@code {"messages": [{"text", "buttons"}]}}.
 */
@ApplicationScoped
public class BotWebhooks {

    public static final String SIGNATURE_HEADER = "X-Parley-Signature";

    private final OutboundHttp http;
    private final ObjectMapper json;
    private final SecretCipher cipher;

    public BotWebhooks(OutboundHttp http, ObjectMapper json, SecretCipher cipher) {
        this.http = http;
        this.json = json;
        this.cipher = cipher;
    }

    /** The envelope every call carries; a caller adds what is its own (a fulfilment's matched intent). */
    public ObjectNode envelope(CompiledBot bot, EngineInput input, SessionState session) {
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
        body.set("variables", json.valueToTree(session.variables));
        body.put("timestamp", input.receivedAt().toString());
        return body;
    }

    /** Posts {@code body} to {@code url}; {@code who} names the callee in failures ("external bot"). */
    public Optional<JsonNode> post(CompiledBot bot, String url, ObjectNode body, String who) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("X-Parley-Bot-Id", bot.id());
        if (bot.signingSecretCiphertext() != null) {
            headers.put(SIGNATURE_HEADER, Signatures.sha256Header(cipher.decrypt(bot.signingSecretCiphertext()), bytes));
        }
        OutboundHttp.Response response = http.send("POST", url, headers, bytes);
        if (response.status() / 100 != 2) {
            throw new OutboundCallFailedException(who + " answered " + response.status(), null);
        }
        if (response.body().length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(response.body()));
        } catch (IOException e) {
            throw new OutboundCallFailedException(who + " answered no JSON", e);
        }
    }

    /** An answer's replies, each tagged with {@code intent}. */
    public static List<Reply> replies(JsonNode answer, String intent) {
        List<Reply> replies = new ArrayList<>();
        if (answer.has("messages")) {
            answer.get("messages").forEach(m -> replies.add(reply(m, intent)));
        } else if (answer.hasNonNull("text")) {
            replies.add(reply(answer, intent));
        }
        return replies;
    }

    private static Reply reply(JsonNode m, String intent) {
        List<Button> buttons = null;
        if (m.path("buttons").isArray()) {
            buttons = new ArrayList<>();
            for (JsonNode b : m.get("buttons")) {
                buttons.add(new Button(b.path("id").asText(null), b.path("title").asText()));
            }
        }
        return Reply.withButtons(m.path("text").asText(""), buttons, intent);
    }
}
