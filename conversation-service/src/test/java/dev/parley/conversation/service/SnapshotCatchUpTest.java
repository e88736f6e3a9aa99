package dev.parley.conversation.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.parley.conversation.BotConfigEntry;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.BotStatus;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14.8: what bot-service has answered 200 for is what the engine runs, even before the snapshot arrives over
 * Kafka. bot-service's internal snapshot endpoint is the WireMock under {@code /bot-service} here (the e2e suite runs
 * the real one); the snapshots it answers are never published on {@code parley.bot-config} in these tests.
 */
@QuarkusTest
class SnapshotCatchUpTest extends EngineTestBase {

    @Inject
    BotDirectory directory;

    @BeforeEach
    void hooks() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
    }

    private void botServiceAnswers(String path, TestBot bot) {
        Fakes.wiremock().stubFor(get(urlEqualTo("/bot-service/internal/snapshots/" + path))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(json.valueToTree(bot.snapshot()).toString())));
    }

    @Test
    void aBotActivatedAMomentAgoAnswersTheNextMessage() {
        TestBot bot = new TestBot();
        bot.status = BotStatus.INACTIVE; // as the read model knows it; no offlineMessage configured
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        // activated in bot-service (200 to the user); the snapshot has not come through Kafka
        bot.status = BotStatus.ACTIVE;
        bot.version++;
        botServiceAnswers("bots/" + bot.id, bot);

        String conversation = Channels.say(channel, "ann", "your hours?");
        assertThat(decided(conversation)).containsExactly("9 to 5");
        assertThat(Conversations.conversation(conversation).getString("data.attributes.status")).isEqualTo("open");
        Fakes.wiremock().verify(getRequestedFor(urlEqualTo("/bot-service/internal/snapshots/bots/" + bot.id))
                .withHeader("Authorization", matching("Bearer ey.+")));
    }

    @Test
    void anInactiveBotWithoutAnOfflineMessageSaysNothing() {
        TestBot bot = new TestBot();
        bot.status = BotStatus.INACTIVE;
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot); // bot-service knows no newer version (WireMock: 404)
        String conversation = Channels.say(channel, "ann", "your hours?");
        assertThat(decided(conversation)).isEmpty();
        assertThat(Conversations.conversation(conversation).getString("data.attributes.status")).isEqualTo("queued");
    }

    @Test
    void aChannelCreatedAMomentAgoAcceptsMessagesAndTheBotAnswers() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        Channel channel = Channels.webhook(cipher, Fakes.BASE + "/hook/" + bot.id);
        bot.channels.add(channel);
        botServiceAnswers("channels/" + channel.id(), bot);

        String conversation = Channels.say(channel.id(), "ann", "your hours?");
        assertThat(decided(conversation)).containsExactly("9 to 5");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Fakes.wiremock().verify(
                postRequestedFor(urlEqualTo("/hook/" + bot.id)).withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.containing("9 to 5"))));
        // a channel bot-service does not know either is still not found
        Channels.post(Ids.generate("ch"), "{\"messageId\":\"m1\",\"from\":{\"id\":\"x\"},\"text\":\"hi\"}",
                Channels.WEBHOOK_SECRET).statusCode(404).body("code", equalTo("CHANNEL_NOT_FOUND"));
    }

    @Test
    void aChannelWhoseSnapshotKafkaCommittedAMomentAgoIsFoundBeforeTheCompiledBotIsReplaced() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        publishWithWebhook(bot);
        String before = json.valueToTree(bot.snapshot()).toString();
        Channel added = Channels.webhook(cipher, Fakes.BASE + "/hook/" + bot.id);
        bot.channels.add(added);
        bot.version++;
        String after = json.valueToTree(bot.snapshot()).toString();
        // Kafka's copy of the new version has committed, and its commit has not yet replaced the compiled bot: the
        // moment in which bot-service's answer is "not newer" than the read model
        QuarkusTransaction.requiringNew().run(() -> {
            BotConfigEntry entry = configs.findById(bot.id);
            entry.version = bot.version;
            entry.snapshot = after;
            configs.bindChannels(bot.id, bot.tenantId, bot.channels.stream().map(Channel::id).toList());
        });
        directory.replaced(bot.id, before);
        botServiceAnswers("channels/" + added.id(), bot);

        String conversation = Channels.say(added.id(), "ann", "your hours?");
        assertThat(decided(conversation)).containsExactly("9 to 5");
    }

    @Test
    void aTestRunsTheBotsVersionBotServiceNames() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        publishWithWebhook(bot);
        // a rule changed a moment ago in bot-service
        bot.rules.clear();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "8 to 8", "hours"));
        bot.version++;
        botServiceAnswers("bots/" + bot.id, bot);

        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"botId\":\"" + bot.id + "\",\"minVersion\":" + bot.version + ",\"message\":\"hours?\"}")
                .post("/v1/sessions/dry-run").then().statusCode(200)
                .body("data.response.content", equalTo("8 to 8"));
    }
}
