package dev.parley.bot;

import dev.parley.events.bot.KeywordRule;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A bot's keyword rule. */
@Entity
@Table(name = "keyword_rule")
public class BotKeywordRule extends BotPart<KeywordRule> {

    @Override
    public KeywordRule published() {
        KeywordRule d = definition;
        return new KeywordRule(id, d.name(), d.keywords(), d.matchType(), d.response(), d.priority(), d.enabled());
    }

    @Override
    protected int priorityOf(KeywordRule definition) {
        return definition.priority();
    }

    @Override
    protected String nameOf(KeywordRule definition) {
        return definition.name();
    }
}
