package dev.parley.conversation.channel;

import dev.parley.events.bot.Channel;

/**
 * Delivers outbound messages on one kind of channel; throws when the channel did not accept the message.
 * Returns the platform's id for the sent message (WhatsApp's wamid, Telegram's message id) when it has one.
 */
public interface ChannelSender {

    Channel.Type type();

    String send(Delivery delivery);

    /**
     * What the commit recording the sent message announces to every replica ({@link WebchatFanout}, whose channel
     * carries it), or null for nothing: sent once the message is known to be sent, never before.
     */
    default String announcementWhenSent(Delivery delivery) {
        return null;
    }
}
