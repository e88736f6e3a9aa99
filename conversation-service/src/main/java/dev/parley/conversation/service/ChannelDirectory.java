package dev.parley.conversation.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.events.bot.Channel;
import dev.parley.platform.cache.Refresher;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.OtherService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
    /**
     * Channel → bot, trusted for {@code bot-cache-revalidate} like the compiled bots themselves, and for as long again
     * while one background read checks it.
     */
    private final ConcurrentHashMap<String, Bound> bindings = new ConcurrentHashMap<>();
    private final Refresher refresher = new Refresher("a channel's binding");
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
     * {@code bot-cache-revalidate} (in the background for as long again, as {@link BotDirectory#find} reads a bot), or
     * at once when the cached bot no longer has the channel, so the hot path
     * (every inbound message, every delivery) does not read it from the database. A channel this service does not
     * know (created or bound a moment ago, its snapshot still on the way) is asked of bot-service before it is
     * called missing.
     */
    public Optional<ResolvedChannel> find(String channelId) {
        return resolve(channelId).found();
    }

    /** A channel as {@link #find} looks it up, and when it serves no bot, whether bot-service knows it. */
    private record Resolution(Optional<ResolvedChannel> found, BotCatchUp.ChannelState state) {
    }

    private Resolution resolve(String channelId) {
        Optional<ResolvedChannel> found = lookup(channelId);
        if (found.isPresent()) {
            return new Resolution(found, BotCatchUp.ChannelState.SERVING);
        }
        BotCatchUp.ChannelState state = catchUp.channel(channelId);
        if (state == BotCatchUp.ChannelState.SERVING) {
            found = lookup(channelId);
        }
        return new Resolution(found, state);
    }

    private Optional<ResolvedChannel> lookup(String channelId) {
        Bound cached = bindings.get(channelId);
        long fresh = config.botCacheRevalidate().toMillis();
        long age = cached == null ? Long.MAX_VALUE : Duration.between(cached.checkedAt(), Instant.now()).toMillis();
        if (age < 2 * fresh) {
            // a bot that no longer has the channel: its binding is read now, not in the background
            Optional<ResolvedChannel> hit = served(channelId, Optional.of(cached.botId()));
            if (hit.isPresent() && refresher.serves(channelId, age, fresh, 2 * fresh, () -> bound(channelId))) {
                return hit;
            }
        }
        return served(channelId, bound(channelId));
    }

    /** Reads the channel's binding and keeps it: the bot it is bound to, if any. */
    private Optional<String> bound(String channelId) {
        Instant now = Instant.now();
        Optional<String> botId = QuarkusTransaction.joiningExisting().call(() -> configs.binding(channelId))
                .map(binding -> binding.botId);
        if (botId.isEmpty()) {
            bindings.remove(channelId);
        } else {
            bindings.put(channelId, new Bound(botId.get(), now));
        }
        return botId;
    }

    /** The channel as the bot has it, when the bot has it. */
    private Optional<ResolvedChannel> served(String channelId, Optional<String> botId) {
        return botId.flatMap(bots::find)
                .flatMap(bot -> bot.channel(channelId).map(channel -> new ResolvedChannel(bot, channel)));
    }

    /**
     * The channel of the given type, or 404 CHANNEL_NOT_FOUND (also for a channel of another type); 409
     * CHANNEL_NOT_BOUND for a channel bot-service has and no bot serves (created and not yet bound, unbound, its bot
     * deleted); 503 BOT_SERVICE_UNAVAILABLE for a channel this service does not know while bot-service cannot say
     * whether it exists. All refused before anything of the request is stored, so a platform's retry is answered once
     * the channel is bound or bot-service answers again.
     */
    public ResolvedChannel require(String channelId, Channel.Type type) {
        Resolution resolution = resolve(channelId);
        if (resolution.found().isEmpty() && resolution.state() == BotCatchUp.ChannelState.NOT_BOUND) {
            throw ProblemException.conflict("CHANNEL_NOT_BOUND", "Channel " + channelId + " is not connected to a bot "
                    + "yet: add it to a bot's channels (POST /v1/bots/{botId}/channels with {\"channelId\": \""
                    + channelId + "\"}); nothing was stored.");
        }
        if (resolution.found().isEmpty() && resolution.state() == BotCatchUp.ChannelState.NO_ANSWER) {
            throw OtherService.unavailable("bot-service", "look up channel " + channelId);
        }
        return resolution.found().filter(r -> r.channel().type() == type).orElseThrow(() ->
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
