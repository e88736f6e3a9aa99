package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything conversation-service needs to run a bot, as published on {@link dev.parley.events.Topics#BOT_CONFIG}
 * after every change. {@code version} grows with every change, so a consumer can ignore stale snapshots.
 * {@code keywordRules}, {@code aiContexts}, {@code flows} (the default flow, {@code flowIds} and flows started by
 * keyword rules) and {@code channels} are embedded whole, so the engine reads one snapshot per bot; a change to any
 * of them (or to a flow several bots share) republishes every affected bot's snapshot. {@code signingSecret}: an
 * external bot's {@code bsk_} secret, encrypted with the platform's key, with which the engine signs what it forwards.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotSnapshot(
        String id,
        String tenantId,
        long version,
        String name,
        String description,
        BotStatus status,
        BotType type,
        String provider,
        String model,
        String url,
        String language,
        Map<String, Object> attributes,
        @JsonProperty("public") boolean isPublic,
        String webhookUrl,
        boolean webhookEnabled,
        BotConfig config,
        BotBehaviors behaviors,
        Capabilities capabilities,
        List<BotFunction> functions,
        String knowledgeBaseId,
        String flowId,
        List<String> flowIds,
        List<String> channelIds,
        List<KeywordRule> keywordRules,
        List<AiContext> aiContexts,
        List<Flow> flows,
        List<Channel> channels,
        Instant createdAt,
        Instant updatedAt,
        String signingSecret) {

    /**
     * The snapshot as tenants may see it (lifecycle events reach their webhooks): without the signing secret and the
     * channels' credentials, even encrypted.
     */
    public BotSnapshot withoutSecrets() {
        List<Channel> bare = channels == null ? null : channels.stream()
                .map(Channel::withoutCredentials).toList();
        return new BotSnapshot(id, tenantId, version, name, description, status, type, provider, model, url, language,
                attributes, isPublic, webhookUrl, webhookEnabled, config, behaviors, capabilities, functions,
                knowledgeBaseId, flowId, flowIds, channelIds, keywordRules, aiContexts, flows, bare, createdAt,
                updatedAt, null);
    }
}
