package dev.parley.conversation.channel;

/**
 * A customer message as every channel adapter reports it. {@code channelMessageId} (WhatsApp's wamid, Telegram's
 * update id, the webhook's messageId, a webchat client id) makes redeliveries recognisable; {@code buttonId} is set
 * for button and list replies, whose {@code text} is the button's title.
 */
public record InboundMessage(String channelMessageId, String externalContactId, String contactName, String text,
        String buttonId) {
}
