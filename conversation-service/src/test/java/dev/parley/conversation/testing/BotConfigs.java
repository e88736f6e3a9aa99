package dev.parley.conversation.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.util.Map;

/** Publishes bot snapshots on parley.bot-config exactly as bot-service's outbox relay does, and waits until applied. */
public final class BotConfigs {

    public static void publish(ObjectMapper json, BotConfigRepository configs, TestBot bot) {
        publish(json, configs, bot, null);
    }

    /** {@code signingSecretCiphertext}: an external bot's encrypted secret, in the snapshot's {@code signingSecret}. */
    public static void publish(ObjectMapper json, BotConfigRepository configs, TestBot bot, String signingSecretCiphertext) {
        String eventId = Ids.generate("evt");
        send(json, bot, signingSecretCiphertext, eventId);
        long version = bot.version;
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> configs.storedUnless(bot.id, BotConfigRepository.NONE_HELD))
                .map(stored -> stored.version() >= version).orElse(false));
    }

    public static void send(ObjectMapper json, TestBot bot, String signingSecretCiphertext, String eventId) {
        ObjectNode snapshot = json.valueToTree(bot.snapshot());
        if (signingSecretCiphertext != null) {
            snapshot.put("signingSecret", signingSecretCiphertext);
        }
        KafkaProbe.send(Topics.BOT_CONFIG, bot.id, snapshot.toString(), headers(eventId, "bot.updated", bot.tenantId));
    }

    public static Map<String, String> headers(String eventId, String type, String tenantId) {
        return Map.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, eventId,
                CloudEventHeaders.SOURCE, "/parley/bot-service",
                CloudEventHeaders.TYPE, type,
                CloudEventHeaders.TENANT_ID, tenantId,
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
    }

    private BotConfigs() {
    }
}
