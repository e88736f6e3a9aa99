package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.parley.bot.BotKeywordRule;
import dev.parley.events.bot.KeywordRule;
import java.time.Instant;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeywordRuleAttributes(@JsonUnwrapped KeywordRule rule, String botId, Instant createdAt, Instant updatedAt) {

    static final String TYPE = "keyword_rule";

    static KeywordRuleAttributes of(BotKeywordRule rule) {
        return new KeywordRuleAttributes(rule.definition, rule.botId, rule.createdAt, rule.updatedAt);
    }
}
