package dev.parley.bot.repository;

import dev.parley.bot.BotAiContext;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AiContextRepository implements BotPartRepository<BotAiContext> {
}
