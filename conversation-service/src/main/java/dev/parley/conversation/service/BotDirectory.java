package dev.parley.conversation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.BotConfigEntry;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.events.bot.BotSnapshot;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bots this service runs, from the {@code bot_config} read model, compiled once per snapshot version and kept in
 * memory. The replica that applies a snapshot replaces its entry at once; others notice within
 * {@code botCacheRevalidate} by comparing versions.
 */
@ApplicationScoped
public class BotDirectory {

    /** Field of a snapshot's JSON carrying the external bot's signing secret, encrypted with the platform key. */
    public static final String SIGNING_SECRET_FIELD = "signingSecret";

    private record Cached(CompiledBot bot, Instant checkedAt) {
    }

    private final BotConfigRepository configs;
    private final ConversationConfig config;
    private final ObjectMapper lenient;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public BotDirectory(BotConfigRepository configs, ConversationConfig config, ObjectMapper json) {
        this.configs = configs;
        this.config = config;
        // snapshots may carry fields newer than this service: read what is known, keep the rest
        this.lenient = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public Optional<CompiledBot> find(String botId) {
        Cached cached = cache.get(botId);
        Instant now = Instant.now();
        if (cached != null && cached.checkedAt().plus(config.botCacheRevalidate()).isAfter(now)) {
            return Optional.of(cached.bot());
        }
        Optional<BotConfigEntry> entry = QuarkusTransaction.joiningExisting().call(() -> {
            if (cached != null) {
                Optional<Long> version = configs.versionOf(botId);
                if (version.isPresent() && version.get() == cached.bot().version()) {
                    return Optional.<BotConfigEntry>empty();
                }
            }
            return configs.findByIdOptional(botId);
        });
        if (entry.isEmpty()) {
            if (cached != null && QuarkusTransaction.joiningExisting().call(() -> configs.versionOf(botId)).isPresent()) {
                cache.put(botId, new Cached(cached.bot(), now));
                return Optional.of(cached.bot());
            }
            cache.remove(botId);
            return Optional.empty();
        }
        CompiledBot bot = compile(entry.get().snapshot);
        cache.put(botId, new Cached(bot, now));
        return Optional.of(bot);
    }

    /** Called by the consumer that stored a newer snapshot (or removed the bot). */
    void replaced(String botId, String snapshotJson) {
        if (snapshotJson == null) {
            cache.remove(botId);
        } else {
            // two commits' replacements may come in either order: the newer version stays
            cache.merge(botId, new Cached(compile(snapshotJson), Instant.now()),
                    (held, fresh) -> held.bot().version() > fresh.bot().version() ? held : fresh);
        }
    }

    BotSnapshot parse(String snapshotJson) {
        try {
            return lenient.readValue(snapshotJson, BotSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unreadable bot snapshot: " + e.getOriginalMessage(), e);
        }
    }

    CompiledBot compile(String snapshotJson) {
        try {
            JsonNode tree = lenient.readTree(snapshotJson);
            String secret = tree.path(SIGNING_SECRET_FIELD).asText(null);
            return new CompiledBot(lenient.treeToValue(tree, BotSnapshot.class), secret);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unreadable bot snapshot: " + e.getOriginalMessage(), e);
        }
    }
}
