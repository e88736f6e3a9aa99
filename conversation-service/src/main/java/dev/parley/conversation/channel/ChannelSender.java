package dev.parley.conversation.channel;

import dev.parley.events.bot.Channel;

/**
 * Delivers outbound messages on one kind of channel; throws when the channel did not accept the message.
 * Returns the platform's id for the sent message (WhatsApp's wamid, Telegram's message id) when it has one.
 */
public interface ChannelSender {

    Channel.Type type();

    String send(Delivery delivery);
}
