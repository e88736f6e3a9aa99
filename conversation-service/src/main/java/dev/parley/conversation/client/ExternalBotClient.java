package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.channel.Signatures;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.engine.EngineInput;
import dev.parley.conversation.engine.ExternalBot;
import dev.parley.conversation.engine.Outcome;
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
import java.util.List;
import java.util.Map;

/**
 * Forwards a message to an external bot's {@code url} through the outbound guard, signed with the bot's {@code bsk_}
 * secret: {@code X-Parley-Signature: sha256=<hex HMAC-SHA256 of the exact body>}. The bot answers
 * {@code {"text", "buttons"}} or {@code {"messages": [{"text", "buttons"}], "handoff": {"reason", "teamId", "notes"}}}.
 */
@ApplicationScoped
public class ExternalBotClient implements ExternalBot {

    public static final String SIGNATURE_HEADER = "X-Parley-Signature";

    private final OutboundHttp http;
    private final ObjectMapper json;
    private final SecretCipher cipher;

    public ExternalBotClient(OutboundHttp http, ObjectMapper json, SecretCipher cipher) {
        this.http = http;
        this.json = json;
        this.cipher = cipher;
    }

    @Override
    public Answer forward(CompiledBot bot, EngineInput input, SessionState session) {
        if (bot.snapshot().url() == null) {
            throw new IllegalStateException("external bot without url");
        }
        if (bot.signingSecretCiphertext() == null) {
            throw new IllegalStateException("external bot without a signing secret in its snapshot");
        }
        ObjectNode body = json.createObjectNode();
        body.put("botId", bot.id());
        body.put("conversationId", input.conversationId());
        body.putObject("contact").put("id", input.contactId()).put("name", input.contactName());
        body.put("channel", input.channelType());
        ObjectNode message = body.putObject("message");
        message.put("text", input.text());
        if (input.buttonId() != null) message.put("buttonId", input.buttonId());
        body.set("variables", json.valueToTree(session.variables));
        body.put("timestamp", input.receivedAt().toString());
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String secret = cipher.decrypt(bot.signingSecretCiphertext());
        OutboundHttp.Response response = http.send("POST", bot.snapshot().url(), Map.of(
                "Content-Type", "application/json", "Accept", "application/json",
                "X-Parley-Bot-Id", bot.id(), SIGNATURE_HEADER, Signatures.sha256Header(secret, bytes)), bytes);
        if (response.status() / 100 != 2) {
            throw new OutboundCallFailedException("external bot answered " + response.status(), null);
        }
        if (response.body().length == 0) {
            return new Answer(List.of(), null);
        }
        JsonNode reply;
        try {
            reply = json.readTree(response.body());
        } catch (IOException e) {
            throw new OutboundCallFailedException("external bot answered no JSON", e);
        }
        List<Reply> replies = replies(reply, "external");
        JsonNode h = reply.path("handoff");
        Outcome.Handoff handoff = h.isObject() ? new Outcome.Handoff(h.path("reason").asText("external_bot"),
                h.path("teamId").asText(null), h.path("notes").asText(null)) : null;
        return new Answer(replies, handoff);
    }

    /** An answer's replies: {@code {"text", "buttons"}} or {@code {"messages": [{"text", "buttons"}]}}. */
    static List<Reply> replies(JsonNode reply, String intent) {
        List<Reply> replies = new ArrayList<>();
        if (reply.has("messages")) {
            reply.get("messages").forEach(m -> replies.add(toReply(m, intent)));
        } else if (reply.hasNonNull("text")) {
            replies.add(toReply(reply, intent));
        }
        return replies;
    }

    private static Reply toReply(JsonNode m, String intent) {
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
