package dev.parley.events;

import java.util.List;

/** Every Kafka topic Parley uses, with how it is kept. Services create missing topics on start-up. */
public final class Topics {

    /** Full bot snapshots, key = bot id, tombstone on delete. Compacted: the latest snapshot per bot is the read model. */
    public static final String BOT_CONFIG = "parley.bot-config";
    /** Bot lifecycle events ({@code bot.created|updated|activated|deactivated|deleted}), key = bot id. */
    public static final String BOTS = "parley.bots";
    /** API keys as issued and revoked, key = key id. Compacted: other services build their key directory from it. */
    public static final String API_KEYS = "parley.api-keys";
    /** conversation-service's conversation, message, feedback and handoff events, key = conversation id. */
    public static final String CONVERSATIONS = "parley.conversations";
    /** routing-service's transfer events. */
    public static final String ROUTING = "parley.routing";
    /** llm-gateway: one {@code llm.usage.recorded} per model or embedding call, key = tenant id. */
    public static final String LLM_USAGE = "parley.llm-usage";
    /**
     * llm-gateway's agent loops: {@code agent_loop.completed|failed} (key = tenant id) and the transfer tool's
     * {@code handoff.requested} (key = conversation id, the same record conversation-service sends).
     */
    public static final String AGENT_LOOPS = "parley.agent-loops";
    /** llm-gateway: {@code integration.failed} when a provider integration keeps failing, key = tenant id. */
    public static final String LLM_INTEGRATIONS = "parley.llm-integrations";

    public static final String DEAD_LETTER_SUFFIX = ".dlq";
    /** Events routing-service could not turn into webhook deliveries (it reads several topics for them). */
    public static final String WEBHOOK_EVENTS_DEAD_LETTER = "parley.webhook-events" + DEAD_LETTER_SUFFIX;

    public record Spec(String name, boolean compacted) {
    }

    public static final List<Spec> ALL = List.of(
            new Spec(BOT_CONFIG, true),
            new Spec(BOTS, false),
            new Spec(API_KEYS, true),
            new Spec(CONVERSATIONS, false),
            new Spec(ROUTING, false),
            new Spec(LLM_USAGE, false),
            new Spec(AGENT_LOOPS, false),
            new Spec(LLM_INTEGRATIONS, false),
            new Spec(API_KEYS + DEAD_LETTER_SUFFIX, false),
            new Spec(BOT_CONFIG + DEAD_LETTER_SUFFIX, false),
            new Spec(CONVERSATIONS + DEAD_LETTER_SUFFIX, false),
            new Spec(LLM_USAGE + DEAD_LETTER_SUFFIX, false),
            new Spec(AGENT_LOOPS + DEAD_LETTER_SUFFIX, false),
            new Spec(WEBHOOK_EVENTS_DEAD_LETTER, false));

    private Topics() {
    }
}
