package dev.parley.conversation.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.platform.problem.FieldChecks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads customer messages out of each platform's webhook payload. A payload that does not hold what its platform
 * promises (an id that is not a string or an integer, or longer than {@link #MAX_ID}; a text that is not a string) is
 * refused as a whole with one {@code VALIDATION_ERROR} naming each field, before anything is stored: no message of it
 * is kept half-read or empty.
 */
public final class InboundParsers {

    /**
     * The longest message, contact and button id taken in (webchat's own ids are shorter). Ids are stored in indexed
     * columns, and no platform's come near it.
     */
    public static final int MAX_ID = 256;
    /** The longest customer text on the generic webhook: what WhatsApp, Telegram and webchat allow. */
    public static final int MAX_TEXT = 4096;
    /** The longest contact name on the generic webhook, as for a webchat visitor. */
    public static final int MAX_NAME = 200;

    /**
     * The generic webhook: {@code {messageId, from: {id, name}, text, buttonId}}. Ids are strings (an integer is taken
     * as its digits); {@code text} and {@code from.name} are strings; {@code text} or {@code buttonId} is required.
     */
    public static InboundMessage webhook(JsonNode payload) {
        FieldChecks errors = new FieldChecks();
        String messageId = id(payload.path("messageId"), "messageId", true, errors);
        JsonNode from = payload.path("from");
        String fromId = null;
        String name = null;
        if (given(from) && !from.isObject()) {
            errors.add("from", "must be an object");
        } else {
            fromId = id(from.path("id"), "from.id", true, errors);
            name = text(from.path("name"), "from.name", MAX_NAME, errors);
        }
        String text = text(payload.path("text"), "text", MAX_TEXT, errors);
        String buttonId = id(payload.path("buttonId"), "buttonId", false, errors);
        if (!given(payload.path("text")) && !given(payload.path("buttonId"))) {
            errors.add("text", "text or buttonId is required");
        }
        errors.throwIfAny();
        return new InboundMessage(messageId, fromId, name, text != null ? text : buttonId, buttonId);
    }

    /**
     * WhatsApp Cloud API: {@code entry[].changes[].value.messages[]}; text, interactive button and list replies,
     * template quick-reply buttons, media (image, video, audio, document, sticker: with their attachment) and locations.
     * Statuses and other message types (reactions, system messages) carry nothing for the conversation.
     */
    public static List<InboundMessage> whatsapp(JsonNode payload) {
        FieldChecks errors = new FieldChecks();
        List<InboundMessage> found = new ArrayList<>();
        for (int e = 0; e < payload.path("entry").size(); e++) {
            JsonNode changes = payload.path("entry").path(e).path("changes");
            for (int c = 0; c < changes.size(); c++) {
                JsonNode value = changes.path(c).path("value");
                String at = "entry[" + e + "].changes[" + c + "].value.";
                Map<String, String> names = new HashMap<>();
                for (int i = 0; i < value.path("contacts").size(); i++) {
                    JsonNode contact = value.path("contacts").path(i);
                    names.put(contact.path("wa_id").asText(), text(contact.path("profile").path("name"),
                            at + "contacts[" + i + "].profile.name", errors));
                }
                for (int i = 0; i < value.path("messages").size(); i++) {
                    JsonNode m = value.path("messages").path(i);
                    String field = at + "messages[" + i + "].";
                    String text;
                    String buttonId = null;
                    InboundMessage.Attachment attachment = null;
                    switch (m.path("type").asText()) {
                        case "text" -> text = text(m.path("text").path("body"), field + "text.body", errors);
                        case "interactive" -> {
                            String kind = m.path("interactive").has("button_reply") ? "button_reply" : "list_reply";
                            JsonNode reply = m.path("interactive").path(kind);
                            buttonId = id(reply.path("id"), field + "interactive." + kind + ".id", false, errors);
                            text = text(reply.path("title"), field + "interactive." + kind + ".title", errors);
                        }
                        case "button" -> {
                            buttonId = id(m.path("button").path("payload"), field + "button.payload", false, errors);
                            text = text(m.path("button").path("text"), field + "button.text", errors);
                        }
                        case "image", "video", "audio", "document", "sticker" -> {
                            String type = m.path("type").asText();
                            JsonNode media = m.path(type);
                            String caption = text(media.path("caption"), field + type + ".caption", errors);
                            attachment = file(type, media, field + type + ".", "id", "filename", errors);
                            text = described(type, caption);
                        }
                        case "location" -> {
                            JsonNode place = m.path("location");
                            attachment = place(place, field + "location.", errors);
                            String name = text(place.path("name"), field + "location.name", errors);
                            String address = text(place.path("address"), field + "location.address", errors);
                            text = described("location", String.join(", ", Stream.of(name, address)
                                    .filter(Objects::nonNull).toList()));
                        }
                        default -> {
                            continue;
                        }
                    }
                    String id = id(m.path("id"), field + "id", true, errors);
                    String from = id(m.path("from"), field + "from", true, errors);
                    if (id != null && from != null) {
                        found.add(new InboundMessage(id, from, names.get(from), text, buttonId, attachment));
                    }
                }
            }
        }
        errors.throwIfAny();
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

    /**
     * Telegram Bot API update: a text message, a file or a place (with its attachment), or a pressed inline button
     * ({@code callback_query}: its callback data is the button id, and the text is the button's own, read from the
     * message's inline keyboard, as the customer saw it); null for an update that carries nothing (a service message,
     * a poll).
     */
    public static InboundMessage telegram(JsonNode update) {
        FieldChecks errors = new FieldChecks();
        String chat;
        String name;
        String text;
        String buttonId = null;
        InboundMessage.Attachment attachment = null;
        if (update.has("callback_query")) {
            JsonNode q = update.get("callback_query");
            boolean inChat = q.path("message").path("chat").has("id");
            chat = id(inChat ? q.path("message").path("chat").path("id") : q.path("from").path("id"),
                    inChat ? "callback_query.message.chat.id" : "callback_query.from.id", true, errors);
            name = name(q.path("from"), "callback_query.from", errors);
            buttonId = id(q.path("data"), "callback_query.data", false, errors);
            String title = pressed(q.path("message").path("reply_markup"), buttonId, errors);
            // without the keyboard (a message too old for Telegram to include) the decision reads it from the history
            text = title != null ? title : buttonId;
        } else {
            String at = update.has("message") ? "message" : "edited_message";
            JsonNode m = update.path(at);
            if (m.has("text")) {
                text = text(m.path("text"), at + ".text", errors);
            } else {
                attachment = telegramAttachment(m, at, errors);
                if (attachment == null) {
                    return null;
                }
                text = described(attachment.type(), text(m.path("caption"), at + ".caption", errors));
            }
            chat = id(m.path("chat").path("id"), at + ".chat.id", true, errors);
            name = name(m.path("from"), at + ".from", errors);
        }
        // the update id makes a redelivery recognisable: without it every message would be the same one
        String updateId = id(update.path("update_id"), "update_id", true, errors);
        errors.throwIfAny();
        return text == null ? null : new InboundMessage("u" + updateId, chat, name, text, buttonId, attachment);
    }

    /**
     * The text of the button of {@code markup}'s inline keyboard (rows of {@code {text, callback_data}}) whose callback
     * data is {@code data}; null when the keyboard is absent or holds no such button.
     */
    private static String pressed(JsonNode markup, String data, FieldChecks errors) {
        if (data == null) {
            return null;
        }
        JsonNode rows = markup.path("inline_keyboard");
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.path(r).size(); c++) {
                JsonNode button = rows.path(r).path(c);
                if (button.path("callback_data").isTextual() && data.equals(button.path("callback_data").asText())) {
                    return text(button.path("text"), "callback_query.message.reply_markup.inline_keyboard[" + r + "]["
                            + c + "].text", errors);
                }
            }
        }
        return null;
    }

    /** Telegram's kinds of files (the largest size of a photo), or a location; null for what carries nothing. */
    private static InboundMessage.Attachment telegramAttachment(JsonNode m, String at, FieldChecks errors) {
        if (m.has("location")) {
            return place(m.path("location"), at + ".location.", errors);
        }
        for (String type : List.of("photo", "video", "voice", "audio", "document", "sticker")) {
            if (!m.has(type)) {
                continue;
            }
            JsonNode file = type.equals("photo") ? m.path(type).path(m.path(type).size() - 1) : m.path(type);
            String field = at + "." + type + (type.equals("photo") ? "[" + (m.path(type).size() - 1) + "]" : "");
            return file(type.equals("photo") ? "image" : type.equals("voice") ? "audio" : type, file, field + ".",
                    "file_id", "file_name", errors);
        }
        return null;
    }

    /**
     * A file the platform holds, under its own keys for the id and the name ({@code at}: where {@code file} sits in the
     * payload): its id to fetch it by (required), MIME type and file name.
     */
    private static InboundMessage.Attachment file(String type, JsonNode file, String at, String idKey, String nameKey,
            FieldChecks errors) {
        return new InboundMessage.Attachment(type, id(file.path(idKey), at + idKey, true, errors),
                text(file.path("mime_type"), at + "mime_type", MAX_NAME, errors),
                text(file.path(nameKey), at + nameKey, MAX_NAME, errors), null, null);
    }

    /** A place the customer shared: its coordinates, numbers both. */
    private static InboundMessage.Attachment place(JsonNode place, String at, FieldChecks errors) {
        Double latitude = coordinate(place.path("latitude"), at + "latitude", errors);
        Double longitude = coordinate(place.path("longitude"), at + "longitude", errors);
        return new InboundMessage.Attachment("location", null, null, null, latitude, longitude);
    }

    private static Double coordinate(JsonNode v, String field, FieldChecks errors) {
        if (!v.isNumber()) {
            errors.add(field, "must be a number");
            return null;
        }
        return v.asDouble();
    }

    /** What a message that is not text says in the conversation: {@code [image]}, and its caption after it. */
    private static String described(String type, String caption) {
        return caption == null || caption.isBlank() ? "[" + type + "]" : "[" + type + "] " + caption;
    }

    private static String name(JsonNode from, String at, FieldChecks errors) {
        String first = text(from.path("first_name"), at + ".first_name", errors);
        String last = text(from.path("last_name"), at + ".last_name", errors);
        String full = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        String username = text(from.path("username"), at + ".username", errors);
        return full.isEmpty() ? username : full;
    }

    /**
     * An id: a string, or an integer taken as its digits (Telegram's ids are numbers), of at most {@link #MAX_ID}
     * characters. Absent, null or blank: null, and "is required" when {@code required}.
     */
    private static String id(JsonNode v, String field, boolean required, FieldChecks errors) {
        if (!given(v)) {
            if (required) {
                errors.add(field, "is required");
            }
            return null;
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            errors.add(field, "must be a string or an integer");
            return null;
        }
        if (v.asText().length() > MAX_ID) {
            errors.add(field, "must be at most " + MAX_ID + " characters");
            return null;
        }
        return v.asText();
    }

    /** Present with something in it: not absent, null or a blank string. */
    private static boolean given(JsonNode v) {
        return !v.isMissingNode() && !v.isNull() && !(v.isTextual() && v.asText().isBlank());
    }

    /** A text as the platform sends it, of any length: a string; absent, null or blank: null. */
    private static String text(JsonNode v, String field, FieldChecks errors) {
        return text(v, field, Integer.MAX_VALUE, errors);
    }

    /** A text: a string of at most {@code max} characters; absent, null or blank: null. */
    private static String text(JsonNode v, String field, int max, FieldChecks errors) {
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(field, "must be a string");
            return null;
        }
        errors.maxLength(field, v.asText(), max);
        return v.asText().isBlank() ? null : v.asText();
    }

    private InboundParsers() {
    }
}
