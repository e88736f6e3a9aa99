package dev.parley.conversation.service;

import dev.parley.conversation.engine.CompiledBot;
import dev.parley.events.bot.Channel;

/** An inbound channel and the bot it is bound to, from the newest snapshot. */
public record ResolvedChannel(CompiledBot bot, Channel channel) {

    public String tenantId() {
        return bot.tenantId();
    }
}
