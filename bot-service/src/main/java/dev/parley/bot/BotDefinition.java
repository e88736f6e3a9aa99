package dev.parley.bot;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotConfig;
import dev.parley.events.bot.BotFunction;
import dev.parley.events.bot.BotType;
import dev.parley.events.bot.Capabilities;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Everything a tenant writes about a bot (Linktor's bot fields plus Tiledesk's). Create and PATCH both end
 * in one of these, validated the same way; it is stored as one JSON document.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotDefinition(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 1000) String description,
        BotType type,
        @Size(max = 50) String provider,
        @Size(max = 100) String model,
        @Size(max = 2048) String url,
        @Pattern(regexp = "[a-z]{2}(-[A-Za-z]{2})?", message = "must be an ISO 639-1 code such as en or pt-BR") String language,
        @Size(max = 50) Map<String, Object> attributes,
        @JsonProperty("public") Boolean isPublic,
        @JsonAlias("webhook_url") @Size(max = 2048) String webhookUrl,
        @JsonAlias("webhook_enabled") Boolean webhookEnabled,
        @Valid BotConfig config,
        @Valid BotBehaviors behaviors,
        Capabilities capabilities,
        @Size(max = 64) List<@Valid @NotNull BotFunction> functions,
        @Size(max = 64) String knowledgeBaseId,
        @Size(max = 64) String flowId,
        @Size(max = 100) List<@NotBlank String> flowIds,
        @Size(max = 100) List<@NotBlank String> channelIds) {

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
