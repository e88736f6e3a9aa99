package dev.parley.bot.service.bots;

import dev.parley.bot.Bot;

/** A deactivated bot and how many of its open conversations were handed to {@code transferTo}. */
public record Deactivation(Bot bot, int conversationsTransferred) {
}
