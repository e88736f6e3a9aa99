package dev.parley.conversation.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.events.bot.Channel;
import dev.parley.platform.crypto.SecretCipher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/** What engine and channel tests share: publishing bots, a webhook channel per bot, waiting for decisions. */
public abstract class EngineTestBase {

    @Inject
    protected ObjectMapper json;
    @Inject
    protected BotConfigRepository configs;
    @Inject
    protected MessageRepository messageRepository;
    @Inject
    protected SecretCipher cipher;

    /** A bot with a webhook channel whose replies go to the fake at /hook/{botId}; returns the channel id. */
    protected String publishWithWebhook(TestBot bot) {
        Fakes.wiremock();
        Channel channel = Channels.webhook(cipher, Fakes.BASE + "/hook/" + bot.id);
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        return channel.id();
    }

    protected void republish(TestBot bot) {
        bot.version++;
        BotConfigs.publish(json, configs, bot);
    }

    /** Waits until the engine has decided every message of the conversation received so far; returns the replies. */
    protected List<String> decided(String conversationId) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> messageRepository.unprocessed(conversationId).isEmpty()));
        return Conversations.replies(conversationId);
    }
}
