package dev.parley.conversation.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.events.bot.Channel;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the bot behind an inbound channel id, and opens the channel's encrypted credentials. Credentials are a JSON
 * object encrypted with the platform key: webhook {@code {"secret"}}, WhatsApp {@code {"accessToken", "appSecret",
 * "verifyToken"}}, Telegram {@code {"botToken", "secretToken"}}; webchat has none.
 */
@ApplicationScoped
public class ChannelDirectory {

    private final BotConfigRepository configs;
    private final BotDirectory bots;
    private final SecretCipher cipher;
    private final ObjectMapper json;

    public ChannelDirectory(BotConfigRepository configs, BotDirectory bots, SecretCipher cipher, ObjectMapper json) {
        this.configs = configs;
        this.bots = bots;
        this.cipher = cipher;
        this.json = json;
    }

    public Optional<ResolvedChannel> find(String channelId) {
        return QuarkusTransaction.joiningExisting().call(() -> configs.binding(channelId))
                .flatMap(binding -> bots.find(binding.botId))
                .flatMap(bot -> bot.channel(channelId).map(channel -> new ResolvedChannel(bot, channel)));
    }

    /** The channel of the given type, or 404 CHANNEL_NOT_FOUND (also for a channel of another type). */
    public ResolvedChannel require(String channelId, Channel.Type type) {
        return find(channelId).filter(r -> r.channel().type() == type).orElseThrow(() ->
                ProblemException.notFound("CHANNEL_NOT_FOUND", "Channel " + channelId + " does not exist."));
    }

    public Map<String, String> credentials(Channel channel) {
        if (channel.credentials() == null || channel.credentials().isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(cipher.decrypt(channel.credentials()), new TypeReference<Map<String, String>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }

    public String setting(Channel channel, String key) {
        return channel.settings() == null ? null : channel.settings().get(key);
    }
}
