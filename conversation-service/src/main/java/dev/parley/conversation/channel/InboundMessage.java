package dev.parley.conversation.channel;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A customer message as every channel adapter reports it. {@code channelMessageId} (WhatsApp's wamid, Telegram's
 * update id, the webhook's messageId, a webchat client id) makes redeliveries recognisable; {@code buttonId} is set
 * for button and list replies, whose {@code text} is the button's title; {@code attachment} for a picture, a voice
 * note, a file or a place the customer sent, whose {@code text} says what it is (and its caption).
 */
public record InboundMessage(String channelMessageId, String externalContactId, String contactName, String text,
        String buttonId, Attachment attachment) {

    public InboundMessage(String channelMessageId, String externalContactId, String contactName, String text,
            String buttonId) {
        this(channelMessageId, externalContactId, contactName, text, buttonId, null);
    }

    /**
     * What the platform holds for a message that is not text: {@code type} (image, audio, video, document, sticker,
     * location), the platform's media id to fetch it by, its MIME type and file name; a place's coordinates. Kept in
     * the message's metadata, so that an agent sees that something was sent and the platform's id to fetch it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attachment(String type, String mediaId, String mimeType, String fileName, Double latitude,
            Double longitude) {
    }
}
