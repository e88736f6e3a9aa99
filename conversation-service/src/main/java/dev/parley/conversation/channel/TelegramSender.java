package dev.parley.conversation.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Telegram Bot API: {@code sendMessage} to the chat, buttons as an inline keyboard (one button per row). */
@ApplicationScoped
public class TelegramSender implements ChannelSender {

    private final ConversationConfig config;
    private final ObjectMapper json;

    public TelegramSender(ConversationConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public Channel.Type type() {
        return Channel.Type.TELEGRAM;
    }

    @Override
    public String send(Delivery d) {
        String token = d.credentials().botToken();
        if (token == null) {
            throw new IllegalStateException("telegram channel without botToken");
        }
        ObjectNode body = json.createObjectNode();
        body.put("chat_id", d.recipient());
        body.put("text", d.text() == null || d.text().isBlank() ? "…" : d.text());
        if (d.buttons() != null && !d.buttons().isEmpty()) {
            ArrayNode rows = body.putObject("reply_markup").putArray("inline_keyboard");
            for (Button b : d.buttons()) {
                rows.addArray().addObject().put("text", b.title()).put("callback_data", Delivery.buttonId(b));
            }
        }
        String answer = PlatformHttp.postJson(config.telegram().apiUrl() + "/bot" + token + "/sendMessage",
                body.toString(), Map.of());
        try {
            return json.readTree(answer).path("result").path("message_id").asText(null);
        } catch (Exception e) {
            return null;
        }
    }
}
