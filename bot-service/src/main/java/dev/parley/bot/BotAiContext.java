package dev.parley.bot;

import dev.parley.events.bot.AiContext;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A bot's AI context. */
@Entity
@Table(name = "ai_context")
public class BotAiContext extends BotPart<AiContext> {

    @Override
    public AiContext published() {
        AiContext d = definition;
        return new AiContext(id, d.name(), d.triggerKeywords(), d.contextType(), d.content(), d.apiFetch(), d.priority(),
                d.enabled());
    }

    @Override
    protected int priorityOf(AiContext definition) {
        return definition.priority();
    }

    @Override
    protected String nameOf(AiContext definition) {
        return definition.name();
    }
}
