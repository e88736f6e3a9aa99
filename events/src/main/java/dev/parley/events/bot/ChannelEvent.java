package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A channel's connection changed, on {@link dev.parley.events.Topics#BOTS} keyed by the bot it is (or was) bound to
 * (the channel id when it has none). {@code channel.disconnected} is what tenant webhooks subscribe to; the CloudEvent
 * type is one of the constants. Credentials never travel here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelEvent(String channelId, String tenantId, String botId, Channel.Type type, String name,
        Channel.Status status, String reason) {

    public static final String CONNECTED = "channel.connected";
    public static final String DISCONNECTED = "channel.disconnected";
}
