package dev.parley.conversation.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * WhatsApp Cloud API: {@code POST {graphUrl}/{whatsapp.phoneNumberId}/messages} with the channel's
 * {@code accessToken}. Text as a text message; 1–3 buttons as interactive reply buttons, 4–10 as an interactive
 * list; a {@code whatsapp_flow} step as an interactive flow message.
 */
@ApplicationScoped
public class WhatsAppSender implements ChannelSender {

    private final ConversationConfig config;
    private final ObjectMapper json;

    public WhatsAppSender(ConversationConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public Channel.Type type() {
        return Channel.Type.WHATSAPP;
    }

    @Override
    public String send(Delivery d) {
        String phoneNumberId = d.channel().whatsapp() == null ? null : d.channel().whatsapp().phoneNumberId();
        String token = d.credentials().accessToken();
        if (phoneNumberId == null || token == null) {
            throw new IllegalStateException("whatsapp channel without phoneNumberId or accessToken");
        }
        String answer = PlatformHttp.postJson(config.whatsapp().graphUrl() + "/" + phoneNumberId + "/messages",
                payload(d).toString(), Map.of("Authorization", "Bearer " + token));
        try {
            return json.readTree(answer).path("messages").path(0).path("id").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    ObjectNode payload(Delivery d) {
        ObjectNode body = json.createObjectNode();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", d.recipient());
        String text = d.text() == null || d.text().isBlank() ? "…" : d.text();
        if (d.whatsappFlow() != null) {
            body.put("type", "interactive");
            ObjectNode interactive = body.putObject("interactive");
            interactive.put("type", "flow");
            interactive.putObject("body").put("text", text);
            ObjectNode params = interactive.putObject("action").put("name", "flow").putObject("parameters");
            params.put("flow_message_version", "3");
            params.put("flow_id", d.whatsappFlow().flowId());
            params.put("flow_cta", d.whatsappFlow().cta() == null ? "Open" : d.whatsappFlow().cta());
            params.put("flow_action", "navigate");
            if (d.whatsappFlow().screen() != null) {
                ObjectNode payload = params.putObject("flow_action_payload").put("screen", d.whatsappFlow().screen());
                if (d.whatsappFlow().data() != null) {
                    payload.set("data", json.valueToTree(d.whatsappFlow().data()));
                }
            }
        } else if (d.buttons() != null && !d.buttons().isEmpty() && d.buttons().size() <= 3) {
            body.put("type", "interactive");
            ObjectNode interactive = body.putObject("interactive");
            interactive.put("type", "button");
            interactive.putObject("body").put("text", text);
            ArrayNode buttons = interactive.putObject("action").putArray("buttons");
            for (Button b : d.buttons()) {
                buttons.addObject().put("type", "reply").putObject("reply")
                        .put("id", Delivery.buttonId(b)).put("title", b.title());
            }
        } else if (d.buttons() != null && !d.buttons().isEmpty()) {
            body.put("type", "interactive");
            ObjectNode interactive = body.putObject("interactive");
            interactive.put("type", "list");
            interactive.putObject("body").put("text", text);
            ObjectNode action = interactive.putObject("action");
            action.put("button", "Options");
            ArrayNode rows = action.putArray("sections").addObject().put("title", "Options").putArray("rows");
            d.buttons().stream().limit(10).forEach(b -> rows.addObject().put("id", Delivery.buttonId(b)).put("title", b.title()));
        } else {
            body.put("type", "text");
            body.putObject("text").put("body", text);
        }
        return body;
    }
}
