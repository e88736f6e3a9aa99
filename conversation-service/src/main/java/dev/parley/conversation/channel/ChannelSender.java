package dev.parley.conversation.channel;

import dev.parley.events.bot.Channel;

/** Delivers outbound messages on one kind of channel; throws when the channel did not accept the message. */
public interface ChannelSender {

    Channel.Type type();

    void send(Delivery delivery);
}
