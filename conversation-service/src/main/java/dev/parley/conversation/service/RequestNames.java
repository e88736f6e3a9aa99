package dev.parley.conversation.service;

import dev.parley.events.bot.Channel;
import dev.parley.platform.json.JsonNames;

/** JSON names of enum values, as stored and shown. */
final class RequestNames {

    static String channelType(Channel.Type type) {
        return type == null ? null : JsonNames.of(type);
    }

    private RequestNames() {
    }
}
