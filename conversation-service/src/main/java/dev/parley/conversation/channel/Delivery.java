package dev.parley.conversation.channel;

import dev.parley.events.bot.Button;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.Flow;
import java.util.List;

/**
 * One outbound message on its way: to {@code recipient} (the contact's id on the channel) through {@code channel},
 * whose decrypted {@code credentials} the sender may use.
 */
public record Delivery(String messageId, String conversationId, String contactId, String recipient, Channel channel,
        Channel.Secrets credentials, String text, List<Button> buttons, Flow.WhatsappFlow whatsappFlow,
        String sender) {

    /** The id a button carries back when pressed: its own, else its title. */
    public static String buttonId(Button b) {
        return b.id() != null ? b.id() : b.title();
    }
}
