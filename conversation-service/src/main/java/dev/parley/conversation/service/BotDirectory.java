package dev.parley.conversation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.platform.cache.Refresher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bots this service runs, from the {@code bot_config} read model, compiled once per snapshot version and kept in
 * memory. The replica that applies a snapshot replaces its entry at once; others notice within
 * {@code botCacheRevalidate} by comparing versions, or within twice that when the bot is busy (a background read).
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
    private final Refresher refresher = new Refresher("a bot's version");

    public BotDirectory(BotConfigRepository configs, ConversationConfig config, ObjectMapper json) {
        this.configs = configs;
        this.config = config;
        // snapshots may carry fields newer than this service: read what is known, keep the rest
        this.lenient = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /**
     * The bot, compiled. Trusted for {@code bot-cache-revalidate} after its version was last checked; for as long again
     * it is still answered from memory while one background read checks the version (so a busy replica's requests do
     * not all read it when it runs out); older than that, or not held, it is read on the caller's path.
     */
    public Optional<CompiledBot> find(String botId) {
        Cached cached = cache.get(botId);
        long fresh = config.botCacheRevalidate().toMillis();
        if (cached != null && refresher.serves(botId, Duration.between(cached.checkedAt(), Instant.now()).toMillis(),
                fresh, 2 * fresh, () -> read(botId, cached))) {
            return Optional.of(cached.bot());
        }
        return read(botId, cached);
    }

    /** Reads the bot's version, and its snapshot when that changed or none is held, and keeps what it finds. */
    private Optional<CompiledBot> read(String botId, Cached cached) {
        Instant now = Instant.now();
        long held = cached == null ? BotConfigRepository.NONE_HELD : cached.bot().version();
        Optional<BotConfigRepository.Stored> stored = QuarkusTransaction.joiningExisting()
                .call(() -> configs.storedUnless(botId, held));
        if (stored.isEmpty()) {
            cache.remove(botId);
            return Optional.empty();
        }
        CompiledBot bot = stored.get().snapshot() == null ? cached.bot() : compile(stored.get().snapshot());
        keep(botId, new Cached(bot, now));
        return Optional.of(bot);
    }

    /** Two writers may race (a read and a newer snapshot applied): the newer version stays. */
    private void keep(String botId, Cached fresh) {
        cache.merge(botId, fresh, (held, read) -> held.bot().version() > read.bot().version() ? held : read);
    }

    /** Called by the consumer that stored a newer snapshot (or removed the bot). */
    void replaced(String botId, String snapshotJson) {
        if (snapshotJson == null) {
            cache.remove(botId);
        } else {
            // two commits' replacements may come in either order: the newer version stays
            keep(botId, new Cached(compile(snapshotJson), Instant.now()));
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
