package dev.parley.conversation.testing;

import dev.parley.events.bot.AiContext;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotConfig;
import dev.parley.events.bot.BotFunction;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.BotStatus;
import dev.parley.events.bot.BotType;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.Flow;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A bot as bot-service would snapshot it; tests change what they need and publish it. */
public final class TestBot {

    public String id = Ids.generate("bot");
    public String tenantId = "tnt_acme";
    public long version = 1;
    public BotStatus status = BotStatus.ACTIVE;
    public BotType type = BotType.INTERNAL;
    public String provider = "none";
    public String model;
    public String url;
    public String webhookUrl;
    public boolean webhookEnabled;
    public String language = "en";
    public BotConfig config;
    public BotBehaviors.Greeting greeting;
    public BotBehaviors.Fallback fallback;
    public BotBehaviors.Handoff handoff;
    public BotBehaviors.OfflineMessage offline;
    public BotBehaviors.BusinessHours businessHours;
    public String knowledgeBaseId;
    public String flowId;
    public List<BotFunction> functions = new ArrayList<>();
    public List<KeywordRule> rules = new ArrayList<>();
    public List<AiContext> contexts = new ArrayList<>();
    public List<Flow> flows = new ArrayList<>();
    public List<Channel> channels = new ArrayList<>();

    public BotSnapshot snapshot() {
        return new BotSnapshot(id, tenantId, version, "Test bot", null, status, type, provider, model, url, language, Map.of(),
                false, webhookUrl, webhookEnabled, config, new BotBehaviors(greeting, fallback, handoff, offline, businessHours), null,
                functions, knowledgeBaseId, flowId, null, channels.stream().map(Channel::id).toList(), rules, contexts,
                flows, channels, Instant.now(), Instant.now(), null);
    }

    public static KeywordRule textRule(String name, int priority, KeywordRule.MatchType type, String text,
            String... keywords) {
        return new KeywordRule(Ids.generate("kw"), name, List.of(keywords), type,
                new KeywordRule.Response(KeywordRule.ResponseType.TEXT, text, null, null, null), priority, true);
    }
}
