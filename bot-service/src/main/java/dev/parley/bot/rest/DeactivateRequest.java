package dev.parley.bot.rest;

/** @param transferTo the bot, agent or team that takes over the bot's open conversations */
public record DeactivateRequest(String transferTo, String reason) {
}
