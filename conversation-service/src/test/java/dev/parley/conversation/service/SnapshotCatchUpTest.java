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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.parley.conversation.BotConfigEntry;
import dev.parley.conversation.channel.Signatures;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    /** bot-service's problem for a channel, as its {@code /internal/snapshots/channels/{id}} answers it. */
    private void botServiceRefuses(String channelId, int status, String code) {
        Fakes.wiremock().stubFor(get(urlEqualTo("/bot-service/internal/snapshots/channels/" + channelId))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"https://parley.dev/problems/" + code.toLowerCase().replace('_', '-')
                                + "\",\"title\":\"" + (status == 409 ? "Conflict" : "Not found") + "\",\"status\":"
                                + status + ",\"detail\":\"Channel " + channelId + " ...\",\"code\":\"" + code + "\"}")));
    }

    /** Contacts, conversations and messages stored for the channel. */
    private long storedFor(String channelId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) configs.getEntityManager().createNativeQuery("""
                select (select count(*) from contact where channel_id = ?1)
                     + (select count(*) from conversation where channel_id = ?1)
                     + (select count(*) from message where channel_id = ?1)""")
                .setParameter(1, channelId).getSingleResult()).longValue());
    }

    private static String webhookMessage(String messageId, String text) {
        return "{\"messageId\":\"" + messageId + "\",\"from\":{\"id\":\"ann\",\"name\":\"Ann\"},\"text\":\"" + text + "\"}";
    }

    @Test
    void aChannelNoBotServesIsA409NotBoundNothingIsStoredAndTheSameDeliveryIsAcceptedOnceItIsBound() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        // created in bot-service (POST /v1/channels) and bound to no bot: never in a snapshot
        Channel channel = Channels.webhook(cipher, Fakes.BASE + "/hook/" + bot.id);
        botServiceRefuses(channel.id(), 409, "CHANNEL_NOT_BOUND");
        String delivery = webhookMessage(Ids.generate("m"), "your hours?");

        Channels.post(channel.id(), delivery, Channels.WEBHOOK_SECRET).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("CHANNEL_NOT_BOUND"))
                .body("detail", equalTo("Channel " + channel.id() + " is not connected to a bot yet: add it to a "
                        + "bot's channels (POST /v1/bots/{botId}/channels with {\"channelId\": \"" + channel.id()
                        + "\"}); nothing was stored."));
        // the platform retries: refused the same way
        Channels.post(channel.id(), delivery, Channels.WEBHOOK_SECRET).statusCode(409)
                .body("code", equalTo("CHANNEL_NOT_BOUND"));
        assertThat(storedFor(channel.id())).isZero();

        // a channel that does not exist is still not found
        String missing = Ids.generate("ch");
        botServiceRefuses(missing, 404, "CHANNEL_NOT_FOUND");
        Channels.post(missing, delivery, Channels.WEBHOOK_SECRET).statusCode(404)
                .body("code", equalTo("CHANNEL_NOT_FOUND"));

        // bound to the bot a moment later (200 to the tenant; the snapshot not yet through Kafka): the platform's retry
        // of the same delivery is accepted and answered
        bot.channels.add(channel);
        botServiceAnswers("channels/" + channel.id(), bot);
        String conversation = Channels.post(channel.id(), delivery, Channels.WEBHOOK_SECRET).statusCode(202)
                .body("data.duplicate", equalTo(false)).extract().path("data.conversationId");
        assertThat(decided(conversation)).containsExactly("9 to 5");
    }

    /**
     * A channel this service has not heard of while bot-service cannot say whether it exists is a 503 the platform
     * retries, never a 404 (WhatsApp and Telegram give up on a channel that is not found): nothing is stored, and the
     * retry is answered once bot-service answers again.
     */
    @Test
    void aChannelNotKnownHereWhileBotServiceCannotAnswerIsA503NotA404AndTheRetryIsAnswered() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        Channel channel = Channels.webhook(cipher, Fakes.BASE + "/hook/" + bot.id);
        String delivery = webhookMessage(Ids.generate("m"), "your hours?");
        String snapshot = "/bot-service/internal/snapshots/channels/" + channel.id();

        Fakes.wiremock().stubFor(get(urlEqualTo(snapshot)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Channels.post(channel.id(), delivery, Channels.WEBHOOK_SECRET).statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("code", equalTo("BOT_SERVICE_UNAVAILABLE"))
                .body("detail", containsString("look up channel " + channel.id()));
        Fakes.wiremock().stubFor(get(urlEqualTo(snapshot)).willReturn(aResponse().withStatus(500)));
        Channels.post(channel.id(), delivery, Channels.WEBHOOK_SECRET).statusCode(503)
                .body("code", equalTo("BOT_SERVICE_UNAVAILABLE"));
        given().contentType("application/json").body("{\"channelId\":\"" + channel.id() + "\",\"name\":\"Ann\"}")
                .when().post("/v1/webchat/sessions").then().statusCode(503).body("code", equalTo("BOT_SERVICE_UNAVAILABLE"));
        assertThat(storedFor(channel.id())).isZero();

        bot.channels.add(channel);
        botServiceAnswers("channels/" + channel.id(), bot);
        String conversation = Channels.post(channel.id(), delivery, Channels.WEBHOOK_SECRET).statusCode(202)
                .extract().path("data.conversationId");
        assertThat(decided(conversation)).containsExactly("9 to 5");
    }

    @Test
    void aChannelUnboundFromItsBotIsA409NotBoundOnEveryChannelTypesEndpoint() {
        TestBot bot = new TestBot();
        String webhook = publishWithWebhook(bot);
        Channel whatsapp = new Channel(Ids.generate("ch"), Channel.Type.WHATSAPP, "wa", Channel.Status.CONNECTED,
                Map.of(), cipher.encrypt("{\"appSecret\":\"app-secret\",\"verifyToken\":\"verify-me\"}"),
                null, null, new Channel.WhatsApp("PN" + Ids.random(6)));
        Channel telegram = new Channel(Ids.generate("ch"), Channel.Type.TELEGRAM, "tg", Channel.Status.CONNECTED,
                Map.of(), cipher.encrypt("{\"botToken\":\"t\",\"webhookSecret\":\"tg-secret\"}"), null,
                null, null);
        bot.channels.add(whatsapp);
        bot.channels.add(telegram);
        republish(bot);
        Channels.say(webhook, "ann", "hello");

        // unbound in bot-service (or its bot deleted): the next snapshot no longer has them
        bot.channels.clear();
        republish(bot);
        for (String channel : List.of(webhook, whatsapp.id(), telegram.id())) {
            botServiceRefuses(channel, 409, "CHANNEL_NOT_BOUND");
        }
        long before = storedFor(webhook);
        Channels.post(webhook, webhookMessage(Ids.generate("m"), "again"), Channels.WEBHOOK_SECRET).statusCode(409)
                .body("code", equalTo("CHANNEL_NOT_BOUND")).body("detail", containsString(webhook));
        assertThat(storedFor(webhook)).isEqualTo(before);

        byte[] wa = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"value\":{\"messages\":"
                + "[{\"id\":\"wamid.1\",\"from\":\"4915\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]}}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json")
                .header("X-Hub-Signature-256", Signatures.sha256Header("app-secret", wa))
                .body(wa).when().post("/v1/inbound/whatsapp/" + whatsapp.id()).then().statusCode(409)
                .body("code", equalTo("CHANNEL_NOT_BOUND")).body("detail", containsString(whatsapp.id()));
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "verify-me")
                .queryParam("hub.challenge", "1").when().get("/v1/inbound/whatsapp/" + whatsapp.id()).then()
                .statusCode(409).body("code", equalTo("CHANNEL_NOT_BOUND"));
        given().contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", "tg-secret")
                .body("{\"update_id\":1,\"message\":{\"message_id\":1,\"chat\":{\"id\":42},\"from\":{\"id\":42},"
                        + "\"text\":\"hi\"}}")
                .when().post("/v1/inbound/telegram/" + telegram.id()).then().statusCode(409)
                .body("code", equalTo("CHANNEL_NOT_BOUND")).body("detail", containsString(telegram.id()));
        assertThat(storedFor(whatsapp.id()) + storedFor(telegram.id())).isZero();
    }

    @Test
    void aWebchatChannelNoBotServesIsA409NotBoundForTheWidgetAndTheSessionUntilItIsBound() {
        TestBot bot = new TestBot();
        Channel webchat = new Channel(Ids.generate("ch"), Channel.Type.WEBCHAT, "site", Channel.Status.CONNECTED,
                Map.of(), cipher.encrypt("{\"identitySecret\":\"s3cret\"}"),
                new Channel.Webchat(List.of(), "Help", null, null, null, null, null), null, null);
        botServiceRefuses(webchat.id(), 409, "CHANNEL_NOT_BOUND");
        String open = "{\"channelId\":\"" + webchat.id() + "\",\"name\":\"Ann\"}";

        given().contentType("application/json").body(open).when().post("/v1/webchat/sessions").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("CHANNEL_NOT_BOUND"))
                .body("detail", containsString("Channel " + webchat.id() + " is not connected to a bot yet"))
                .body("detail", containsString("nothing was stored"));
        given().when().get("/v1/webchat/channels/" + webchat.id()).then().statusCode(409)
                .body("code", equalTo("CHANNEL_NOT_BOUND"));
        assertThat(storedFor(webchat.id())).isZero();

        String missing = Ids.generate("ch");
        botServiceRefuses(missing, 404, "CHANNEL_NOT_FOUND");
        given().contentType("application/json").body("{\"channelId\":\"" + missing + "\"}").when()
                .post("/v1/webchat/sessions").then().statusCode(404).body("code", equalTo("CHANNEL_NOT_FOUND"));

        bot.channels.add(webchat);
        botServiceAnswers("channels/" + webchat.id(), bot);
        given().contentType("application/json").body(open).when().post("/v1/webchat/sessions").then().statusCode(201)
                .body("data.attributes.token", startsWith("wct_"));
        assertThat(storedFor(webchat.id())).isEqualTo(1);
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
