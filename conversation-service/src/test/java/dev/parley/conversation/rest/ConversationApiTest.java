package dev.parley.conversation.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The conversations, sessions and dry-run APIs, and the webhook channel's own checks. */
@QuarkusTest
class ConversationApiTest extends EngineTestBase {

    static dev.parley.conversation.testing.EventLog events;
    TestBot bot;
    String channel;

    @BeforeAll
    static void tail() {
        events = new dev.parley.conversation.testing.EventLog(Topics.CONVERSATIONS, new com.fasterxml.jackson.databind.ObjectMapper());
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @BeforeEach
    void bot() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
        bot = new TestBot();
        bot.greeting = new BotBehaviors.Greeting(true, "Hello!", null);
        bot.handoff = new BotBehaviors.Handoff(true, List.of("agent"), null);
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        channel = publishWithWebhook(bot);
    }

    private static io.restassured.specification.RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user));
    }

    private JsonNode awaitEvent(String conversationId, String type) {
        return events.take(conversationId, type);
    }

    @Test
    void listsFilterByBotChannelStatusContactAndTime() {
        Instant before = Instant.now().minusSeconds(1);
        String c1 = Channels.say(channel, "ann", "hours");
        String c2 = Channels.say(channel, "bob", "agent");
        decided(c1);
        decided(c2);
        String annContact = Conversations.conversation(c1).getString("data.attributes.contactId");
        as("alice").queryParam("botId", bot.id).when().get("/v1/conversations")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(2));
        as("alice").queryParam("channelId", channel).queryParam("status", "handed_off").when().get("/v1/conversations")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(c2))
                .body("data[0].attributes.channelType", equalTo("webhook"));
        as("alice").queryParam("contactId", annContact).when().get("/v1/conversations")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(c1));
        as("alice").queryParam("botId", bot.id).queryParam("from", before.toString())
                .queryParam("to", Instant.now().plusSeconds(5).toString()).when().get("/v1/conversations")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(2));
        as("alice").queryParam("botId", bot.id).queryParam("to", before.toString()).when().get("/v1/conversations")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(0));
        as("alice").queryParam("from", "yesterday").when().get("/v1/conversations")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("from"));
        as("bob").queryParam("botId", bot.id).when().get("/v1/conversations")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(0));
    }

    @Test
    void messagesArePagedOldestFirst() {
        String conv = Channels.say(channel, "pager", "hours");
        decided(conv);
        Channels.say(channel, "pager", "hours again");
        decided(conv);
        as("alice").queryParam("perPage", 2).queryParam("page", 2).when().get("/v1/conversations/" + conv + "/messages")
                .then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(5))
                .body("meta.pagination.totalPages", equalTo(3))
                .body("data[0].attributes.text", equalTo("9 to 5"))
                .body("data[0].type", equalTo("message"))
                .body("data[1].attributes.direction", equalTo("inbound"));
        as("bob").when().get("/v1/conversations/" + conv + "/messages").then().statusCode(404)
                .body("code", equalTo("CONVERSATION_NOT_FOUND"));
    }

    @Test
    void agentsReplyAndTheReplyIsDelivered() throws Exception {
        String conv = Channels.say(channel, "needy", "agent");
        decided(conv);
        as("agnes").contentType("application/json").body("{\"text\":\"Hi, I am Agnes.\"}")
                .when().post("/v1/conversations/" + conv + "/messages")
                .then().statusCode(201)
                .body("data.attributes.sender", equalTo("agent"))
                .body("data.attributes.deliveryStatus", equalTo("pending"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Fakes.wiremock().verify(
                postRequestedFor(urlEqualTo("/hook/" + bot.id)).withRequestBody(containing("Hi, I am Agnes."))));
        JsonNode sent = awaitEvent(conv, "message.sent");
        while (!"agent".equals(sent.path("sender").asText())) {
            sent = awaitEvent(conv, "message.sent");
        }
        assertThat(sent.path("text").asText()).isEqualTo("Hi, I am Agnes.");
        as("agnes").contentType("application/json").body("{\"text\":\"\"}")
                .when().post("/v1/conversations/" + conv + "/messages")
                .then().statusCode(400).body("errors[0].field", equalTo("text"));
        as("bob").contentType("application/json").body("{\"text\":\"x\"}")
                .when().post("/v1/conversations/" + conv + "/messages").then().statusCode(404);
    }

    @Test
    void closeAndFeedbackAreRecordedAndPublished() throws Exception {
        String conv = Channels.say(channel, "rater", "hours");
        decided(conv);
        as("alice").when().post("/v1/conversations/" + conv + "/close").then().statusCode(200)
                .body("data.attributes.status", equalTo("closed"));
        JsonNode closed = awaitEvent(conv, "conversation.closed");
        assertThat(closed.path("messageCount").asInt()).isEqualTo(3);
        assertThat(closed.path("handedOff").asBoolean()).isFalse();
        assertThat(closed.path("botId").asText()).isEqualTo(bot.id);

        as("alice").contentType("application/json").body("{\"rating\":6}")
                .when().post("/v1/conversations/" + conv + "/feedback")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("rating"));
        as("alice").contentType("application/json").body("{\"rating\":4,\"comment\":\"quick\"}")
                .when().post("/v1/conversations/" + conv + "/feedback")
                .then().statusCode(200).body("data.attributes.rating", equalTo(4));
        JsonNode feedback = awaitEvent(conv, "feedback.received");
        assertThat(feedback.path("rating").asInt()).isEqualTo(4);

        // a closed conversation is not reopened: the contact's next message starts a new one
        String next = Channels.say(channel, "rater", "hours");
        assertThat(next).isNotEqualTo(conv);
        awaitEvent(next, "conversation.started");
    }

    @Test
    void aRepliesOrFeedbacksRetryWithItsIdempotencyKeyIsAnsweredAsTheFirstAndRecordsNothing() throws Exception {
        String conv = Channels.say(channel, "retrier", "agent");
        decided(conv);
        String key = java.util.UUID.randomUUID().toString();
        String first = as("agnes").contentType("application/json").header("Idempotency-Key", key)
                .body("{\"text\":\"Sent once, asked twice.\"}").when().post("/v1/conversations/" + conv + "/messages")
                .then().statusCode(201).header("Idempotent-Replayed", nullValue()).extract().path("data.id");
        as("agnes").contentType("application/json").header("Idempotency-Key", key)
                .body("{\"text\":\"Sent once, asked twice.\"}").when().post("/v1/conversations/" + conv + "/messages")
                .then().statusCode(201).header("Idempotent-Replayed", equalTo("true")).body("data.id", equalTo(first));
        // the same key for another text is a mistake, not a replay
        as("agnes").contentType("application/json").header("Idempotency-Key", key)
                .body("{\"text\":\"Something else\"}").when().post("/v1/conversations/" + conv + "/messages")
                .then().statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        // a later reply is delivered after the first (one lane per conversation): once it is, the first went out once
        as("agnes").contentType("application/json").body("{\"text\":\"And the next one.\"}")
                .when().post("/v1/conversations/" + conv + "/messages").then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Fakes.wiremock().verify(
                postRequestedFor(urlEqualTo("/hook/" + bot.id)).withRequestBody(containing("And the next one."))));
        Fakes.wiremock().verify(1, postRequestedFor(urlEqualTo("/hook/" + bot.id))
                .withRequestBody(containing("Sent once, asked twice.")));
        assertThat(Conversations.messages(conv).getList("data.findAll { it.attributes.sender == 'agent' }.attributes.text",
                String.class)).containsExactly("Sent once, asked twice.", "And the next one.");

        String feedbackKey = java.util.UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            as("alice").contentType("application/json").header("Idempotency-Key", feedbackKey)
                    .body("{\"rating\":4,\"comment\":\"quick\"}").when().post("/v1/conversations/" + conv + "/feedback")
                    .then().statusCode(200).header("Idempotent-Replayed", i == 0 ? nullValue() : equalTo("true"))
                    .body("data.attributes.rating", equalTo(4));
        }
        // the same rating again without a key changes nothing either; a new one is recorded
        as("alice").contentType("application/json").body("{\"rating\":4,\"comment\":\"quick\"}")
                .when().post("/v1/conversations/" + conv + "/feedback").then().statusCode(200);
        as("alice").contentType("application/json").body("{\"rating\":2}")
                .when().post("/v1/conversations/" + conv + "/feedback").then().statusCode(200)
                .body("data.attributes.rating", equalTo(2)).body("data.attributes.feedbackComment", nullValue());
        // events of one conversation arrive in order: the one after the first feedback is the new rating
        assertThat(awaitEvent(conv, "feedback.received").path("rating").asInt()).isEqualTo(4);
        assertThat(awaitEvent(conv, "feedback.received").path("rating").asInt()).isEqualTo(2);
    }

    @Test
    void deleteErasesMessagesSessionAndContact() {
        String conv = Channels.say(channel, "forget-me", "hours");
        decided(conv);
        String contact = Conversations.conversation(conv).getString("data.attributes.contactId");
        as("bob").when().delete("/v1/conversations/" + conv).then().statusCode(404);
        as("alice").when().delete("/v1/conversations/" + conv).then().statusCode(204);
        as("alice").when().get("/v1/conversations/" + conv).then().statusCode(404);
        long left = QuarkusTransaction.requiringNew().call(() -> ((Number) configs.getEntityManager().createNativeQuery("""
                select (select count(*) from message where conversation_id = ?1)
                     + (select count(*) from bot_session where conversation_id = ?1)
                     + (select count(*) from contact where id = ?2)""")
                .setParameter(1, conv).setParameter(2, contact).getSingleResult()).longValue());
        assertThat(left).isZero();
    }

    @Test
    void sessionsShowTheEnginesStateToTheirTenantOnly() {
        String conv = Channels.say(channel, "sess", "hours");
        decided(conv);
        String id = as("alice").queryParam("botId", bot.id).when().get("/v1/sessions")
                .then().statusCode(200).body("data", hasSize(1))
                .body("data[0].type", equalTo("session"))
                .body("data[0].attributes.conversationId", equalTo(conv))
                .body("data[0].attributes.currentFlowId", nullValue())
                .extract().path("data[0].id");
        as("alice").when().get("/v1/sessions/" + id).then().statusCode(200)
                .body("data.attributes.startedAt", org.hamcrest.Matchers.notNullValue())
                .body("data.attributes.lastActivity", org.hamcrest.Matchers.notNullValue());
        as("bob").when().get("/v1/sessions/" + id).then().statusCode(404).body("code", equalTo("SESSION_NOT_FOUND"));
    }

    @Test
    void dryRunAnswersWithoutStoringAnything() {
        long before = QuarkusTransaction.requiringNew().call(() -> ((Number) configs.getEntityManager()
                .createNativeQuery("select count(*) from message").getSingleResult()).longValue());
        as("dave").contentType("application/json")
                .body("{\"botId\":\"" + bot.id + "\",\"message\":\"what are your hours?\"}")
                .when().post("/v1/sessions/dry-run")
                .then().statusCode(200)
                .body("data.response.content", equalTo("Hello!\n\n9 to 5"))
                .body("data.response.intent", equalTo("keyword:hours"))
                .body("data.response.confidence", equalTo(1.0f))
                .body("data.usage.totalTokens", equalTo(0))
                .body("data.latency", org.hamcrest.Matchers.notNullValue());
        // with history the contact is not greeted again
        as("dave").contentType("application/json")
                .body("{\"botId\":\"" + bot.id + "\",\"message\":\"hours\",\"context\":{\"history\":[{\"role\":\"user\",\"content\":\"hi\"}]}}")
                .when().post("/v1/sessions/dry-run")
                .then().statusCode(200).body("data.response.content", equalTo("9 to 5"));
        as("dave").contentType("application/json").body("{\"botId\":\"" + bot.id + "\",\"message\":\"agent\"}")
                .when().post("/v1/sessions/dry-run")
                .then().statusCode(200).body("data.handoff.reason", equalTo("customer_request"));
        long after = QuarkusTransaction.requiringNew().call(() -> ((Number) configs.getEntityManager()
                .createNativeQuery("select count(*) from message").getSingleResult()).longValue());
        assertThat(after).isEqualTo(before);
        // bot-service calls with its service token (no tenant)
        String serviceToken = given().formParam("grant_type", "client_credentials").formParam("client_id", "bot-service")
                .formParam("client_secret", "bot-service-secret")
                .post(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.oidc.auth-server-url", String.class) + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + serviceToken).contentType("application/json")
                .body("{\"botId\":\"" + bot.id + "\",\"message\":\"hours\"}")
                .when().post("/v1/sessions/dry-run").then().statusCode(200);
        as("bob").contentType("application/json").body("{\"botId\":\"" + bot.id + "\",\"message\":\"hours\"}")
                .when().post("/v1/sessions/dry-run").then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        as("agnes").contentType("application/json").body("{\"botId\":\"" + bot.id + "\",\"message\":\"hours\"}")
                .when().post("/v1/sessions/dry-run").then().statusCode(403);
        as("dave").contentType("application/json").body("{\"botId\":\"" + bot.id + "\"}")
                .when().post("/v1/sessions/dry-run").then().statusCode(400).body("errors.field", hasItem("message"));
    }

    @Test
    void webhookChannelChecksItsSignatureAndBody() {
        String body = "{\"messageId\":\"m1\",\"from\":{\"id\":\"x\"},\"text\":\"hours\"}";
        Channels.post(channel, body, "wrong-secret").statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("INVALID_SIGNATURE"));
        given().contentType("application/json").body(body).when().post("/v1/inbound/" + channel)
                .then().statusCode(401);
        Channels.post("ch_nothere", body, Channels.WEBHOOK_SECRET).statusCode(404).body("code", equalTo("CHANNEL_NOT_FOUND"));
        Channels.post(channel, "{\"from\":{}}", Channels.WEBHOOK_SECRET).statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR")).body("errors.field", hasItem("messageId"))
                .body("errors.field", hasItem("from.id"));
        Channels.post(channel, "{not json", Channels.WEBHOOK_SECRET).statusCode(400).body("code", equalTo("MALFORMED_JSON"));
    }

    @Test
    void aWebhookMessageWithTooLongIdsOrContentThatIsNotAStringIsRefusedAndNothingIsStored() {
        String long9000 = Channels.randomId(9000);
        record Bad(String body, String field, String message) {
        }
        List<Bad> refused = List.of(
                new Bad("{\"messageId\":\"" + long9000 + "\",\"from\":{\"id\":\"c1\"},\"text\":\"hi\"}",
                        "messageId", "must be at most 256 characters"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"" + long9000 + "\"},\"text\":\"hi\"}",
                        "from.id", "must be at most 256 characters"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"c1\"},\"buttonId\":\"" + long9000 + "\"}",
                        "buttonId", "must be at most 256 characters"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"c1\",\"name\":\"" + "n".repeat(201)
                        + "\"},\"text\":\"hi\"}", "from.name", "must be at most 200 characters"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"c1\"},\"text\":\"" + "t".repeat(4097) + "\"}",
                        "text", "must be at most 4096 characters"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"c1\"},\"text\":[\"a\"]}", "text", "must be a string"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"c1\"},\"text\":{\"a\":1}}", "text", "must be a string"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"c1\"},\"text\":7}", "text", "must be a string"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"c1\",\"name\":[\"Ann\"]},\"text\":\"hi\"}",
                        "from.name", "must be a string"),
                new Bad("{\"messageId\":[\"m1\"],\"from\":{\"id\":\"c1\"},\"text\":\"hi\"}", "messageId",
                        "must be a string or an integer"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":true},\"text\":\"hi\"}", "from.id",
                        "must be a string or an integer"),
                new Bad("{\"messageId\":1.5,\"from\":{\"id\":\"c1\"},\"text\":\"hi\"}", "messageId",
                        "must be a string or an integer"),
                new Bad("{\"messageId\":\"m1\",\"from\":\"c1\",\"text\":\"hi\"}", "from", "must be an object"),
                new Bad("{\"messageId\":\"m1\",\"from\":{\"id\":\"c1\"},\"text\":\"  \"}", "text",
                        "text or buttonId is required"));
        for (Bad bad : refused) {
            Channels.post(channel, bad.body(), Channels.WEBHOOK_SECRET).statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("VALIDATION_ERROR"))
                    .body("errors", hasSize(1)).body("errors[0].field", equalTo(bad.field()))
                    .body("errors[0].message", equalTo(bad.message()));
        }
        as("alice").queryParam("channelId", channel).when().get("/v1/conversations")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(0));

        // integer ids are taken as their digits; ids of 256 characters are fine
        String id256 = "i".repeat(256);
        String conv = Channels.post(channel, "{\"messageId\":42,\"from\":{\"id\":7},\"text\":\"hours\"}",
                Channels.WEBHOOK_SECRET).statusCode(202).extract().path("data.conversationId");
        String other = Channels.say(channel, id256, "hours", id256);
        assertThat(Conversations.messages(conv).getList("data.attributes.channelMessageId", String.class)).contains("42");
        assertThat(Conversations.messages(other).getList("data.attributes.channelMessageId", String.class)).contains(id256);
        decided(conv);
        decided(other);
    }
}
