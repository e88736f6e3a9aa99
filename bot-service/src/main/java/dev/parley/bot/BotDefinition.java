package dev.parley.bot;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotConfig;
import dev.parley.events.bot.BotFunction;
import dev.parley.events.bot.BotType;
import dev.parley.events.bot.Capabilities;
import java.util.List;
import java.util.Map;

/**
 * Everything a tenant writes about a bot (Linktor's bot fields plus Tiledesk's). Create and PATCH both end
 * in one of these, validated the same way; it is stored as one JSON document.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotDefinition(
        String name,
        String description,
        BotType type,
        String provider,
        String model,
        String url,
        String language,
        Map<String, Object> attributes,
        @JsonProperty("public") Boolean isPublic,
        @JsonAlias("webhook_url") String webhookUrl,
        @JsonAlias("webhook_enabled") Boolean webhookEnabled,
        BotConfig config,
        BotBehaviors behaviors,
        Capabilities capabilities,
        List<BotFunction> functions,
        String knowledgeBaseId,
        String flowId,
        List<String> flowIds,
        List<String> channelIds) {

    /** The same definition bound to other channels (bindings are made through the channels API). */
    public BotDefinition withChannelIds(List<String> ids) {
        return new BotDefinition(name, description, type, provider, model, url, language, attributes, isPublic, webhookUrl,
                webhookEnabled, config, behaviors, capabilities, functions, knowledgeBaseId, flowId, flowIds,
                ids == null || ids.isEmpty() ? null : List.copyOf(ids));
    }

    public BotType typeOrDefault() {
        return type == null ? BotType.INTERNAL : type;
    }
}
