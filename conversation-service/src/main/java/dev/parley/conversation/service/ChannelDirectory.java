package dev.parley.conversation.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.events.bot.Channel;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the bot behind an inbound channel id, and opens the channel's encrypted credentials: {@link Channel.Secrets}
 * as JSON, encrypted with the platform key (the contract bot-service writes them by, in {@code events/}).
 */
@ApplicationScoped
public class ChannelDirectory {

    private final BotConfigRepository configs;
    private final BotDirectory bots;
    private final SecretCipher cipher;
    private final ObjectMapper json;

    private record Bound(String botId, Instant checkedAt) {
    }

    private final ConversationConfig config;
    /** Channel → bot, trusted for {@code bot-cache-revalidate} like the compiled bots themselves. */
    private final ConcurrentHashMap<String, Bound> bindings = new ConcurrentHashMap<>();
    /** Decrypted credentials by their ciphertext: a new ciphertext (rotated secret) is a new entry. */
    private final ConcurrentHashMap<String, Channel.Secrets> decrypted = new ConcurrentHashMap<>();

    private final BotCatchUp catchUp;

    public ChannelDirectory(BotConfigRepository configs, BotDirectory bots, SecretCipher cipher, ObjectMapper json,
            ConversationConfig config, BotCatchUp catchUp) {
        this.config = config;
        this.catchUp = catchUp;
        this.configs = configs;
        this.bots = bots;
        this.cipher = cipher;
        this.json = json;
    }

    /**
     * The channel and the bot it is bound to. The binding is kept in memory and re-read after
     * {@code bot-cache-revalidate}, or at once when the cached bot no longer has the channel, so the hot path
     * (every inbound message, every delivery) does not read it from the database. A channel this service does not
     * know (created or bound a moment ago, its snapshot still on the way) is asked of bot-service before it is
     * called missing.
     */
    public Optional<ResolvedChannel> find(String channelId) {
        Optional<ResolvedChannel> found = lookup(channelId);
        if (found.isEmpty() && catchUp.channel(channelId)) {
            found = lookup(channelId);
        }
        return found;
    }

    private Optional<ResolvedChannel> lookup(String channelId) {
        Bound cached = bindings.get(channelId);
        Instant now = Instant.now();
        if (cached != null && cached.checkedAt().plus(config.botCacheRevalidate()).isAfter(now)) {
            Optional<ResolvedChannel> hit = bots.find(cached.botId())
                    .flatMap(bot -> bot.channel(channelId).map(channel -> new ResolvedChannel(bot, channel)));
            if (hit.isPresent()) {
                return hit;
            }
        }
        Optional<String> botId = QuarkusTransaction.joiningExisting().call(() -> configs.binding(channelId))
                .map(binding -> binding.botId);
        if (botId.isEmpty()) {
            bindings.remove(channelId);
            return Optional.empty();
        }
        bindings.put(channelId, new Bound(botId.get(), now));
        return bots.find(botId.get())
                .flatMap(bot -> bot.channel(channelId).map(channel -> new ResolvedChannel(bot, channel)));
    }

    /** The channel of the given type, or 404 CHANNEL_NOT_FOUND (also for a channel of another type). */
    public ResolvedChannel require(String channelId, Channel.Type type) {
        return find(channelId).filter(r -> r.channel().type() == type).orElseThrow(() ->
                ProblemException.notFound("CHANNEL_NOT_FOUND", "Channel " + channelId + " does not exist."));
    }

    public Channel.Secrets credentials(Channel channel) {
        if (channel.credentials() == null || channel.credentials().isBlank()) {
            return Channel.Secrets.NONE;
        }
        if (decrypted.size() > 10_000) {
            decrypted.clear();
        }
        return decrypted.computeIfAbsent(channel.credentials(), ciphertext -> decrypt(channel));
    }

    private Channel.Secrets decrypt(Channel channel) {
        try {
            return json.readValue(cipher.decrypt(channel.credentials()), Channel.Secrets.class);
        } catch (Exception e) {
            return Channel.Secrets.NONE;
        }
    }
}
