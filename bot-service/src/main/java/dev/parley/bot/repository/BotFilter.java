package dev.parley.bot.repository;

import dev.parley.events.bot.BotStatus;

/** What a bot listing is narrowed by; null means "any". */
public record BotFilter(BotStatus status, String provider, String search) {
}
