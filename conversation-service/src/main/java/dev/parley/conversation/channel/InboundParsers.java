package dev.parley.conversation.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads customer messages out of each platform's webhook payload. */
public final class InboundParsers {

    /**
     * WhatsApp Cloud API: {@code entry[].changes[].value.messages[]}; text, interactive button and list replies,
     * template quick-reply buttons. Statuses and other message types carry nothing for the bot.
     */
    public static List<InboundMessage> whatsapp(JsonNode payload) {
        List<InboundMessage> found = new ArrayList<>();
        for (JsonNode entry : payload.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                Map<String, String> names = new HashMap<>();
                for (JsonNode contact : value.path("contacts")) {
                    names.put(contact.path("wa_id").asText(), contact.path("profile").path("name").asText(null));
                }
                for (JsonNode m : value.path("messages")) {
                    String from = m.path("from").asText(null);
                    String id = m.path("id").asText(null);
                    if (from == null || id == null) {
                        continue;
                    }
                    String text = null;
                    String buttonId = null;
                    switch (m.path("type").asText()) {
                        case "text" -> text = m.path("text").path("body").asText(null);
                        case "interactive" -> {
                            JsonNode reply = m.path("interactive").has("button_reply")
                                    ? m.path("interactive").path("button_reply") : m.path("interactive").path("list_reply");
                            buttonId = reply.path("id").asText(null);
                            text = reply.path("title").asText(null);
                        }
                        case "button" -> {
                            buttonId = m.path("button").path("payload").asText(null);
                            text = m.path("button").path("text").asText(null);
                        }
                        default -> {
                            continue;
                        }
                    }
                    found.add(new InboundMessage(id, from, names.get(from), text, buttonId));
                }
            }
        }
        return found;
    }

    /** A WhatsApp status callback: the platform id of a message Parley sent, and what became of it. */
    public record PlatformStatus(String platformId, String status, String error) {
    }

    /** WhatsApp Cloud API {@code entry[].changes[].value.statuses[]} (sent, delivered, read, failed). */
    public static List<PlatformStatus> whatsappStatuses(JsonNode payload) {
        List<PlatformStatus> found = new ArrayList<>();
        for (JsonNode entry : payload.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                for (JsonNode s : change.path("value").path("statuses")) {
                    String id = s.path("id").asText(null);
                    if (id != null) {
                        JsonNode error = s.path("errors").path(0);
                        found.add(new PlatformStatus(id, s.path("status").asText(), error.isMissingNode() ? null
                                : error.path("code").asText("") + " " + error.path("title").asText("")));
                    }
                }
            }
        }
        return found;
    }

    /** Telegram Bot API update: a text message or a pressed inline button ({@code callback_query}). */
    public static InboundMessage telegram(JsonNode update) {
        String updateId = update.path("update_id").asText(null);
        if (update.has("callback_query")) {
            JsonNode q = update.get("callback_query");
            String chat = q.path("message").path("chat").path("id").asText(q.path("from").path("id").asText(null));
            return chat == null ? null : new InboundMessage("u" + updateId, chat, name(q.path("from")),
                    q.path("data").asText(null), q.path("data").asText(null));
        }
        JsonNode m = update.has("message") ? update.get("message") : update.path("edited_message");
        String chat = m.path("chat").path("id").asText(null);
        if (chat == null || !m.has("text")) {
            return null;
        }
        return new InboundMessage("u" + updateId, chat, name(m.path("from")), m.path("text").asText(), null);
    }

    private static String name(JsonNode from) {
        String first = from.path("first_name").asText("");
        String last = from.path("last_name").asText("");
        String full = (first + " " + last).trim();
        return full.isEmpty() ? from.path("username").asText(null) : full;
    }

    private InboundParsers() {
    }
}
