package dev.parley.conversation.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.parley.conversation.channel.Signatures;
import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.SseReader;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The webchat API the widget relies on: history with buttons (issue 14.5), a stream that resumes from its last event
 * id, per-channel origins (CORS), signed identity, the widget's settings and its files' caching.
 */
@QuarkusTest
class WebchatApiTest extends EngineTestBase {

    static final String SITE = "https://shop.example";

    private Channel publish(List<String> origins) {
        TestBot bot = new TestBot();
        bot.language = "fr";
        bot.greeting = new BotBehaviors.Greeting(true, "Bonjour !", List.of(new Button("a", "Commandes"),
                new Button("b", "Retours")));
        bot.rules.add(TestBot.textRule("n", 1, KeywordRule.MatchType.STARTS_WITH, "Got it.", "note"));
        Channel channel = new Channel(Ids.generate("ch"), Channel.Type.WEBCHAT, "site", Channel.Status.CONNECTED, Map.of(),
                cipher.encrypt("{\"identitySecret\":\"s3cret\"}"), new Channel.Webchat(origins, "Aide", "#112233", null,
                        "left", null, "Bienvenue"));
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        return channel;
    }

    private static JsonPath open(String channelId) {
        return given().contentType("application/json").body("{\"channelId\":\"" + channelId + "\"}")
                .when().post("/v1/webchat/sessions").then().statusCode(201).extract().jsonPath();
    }

    private static void say(JsonPath session, String text) {
        given().contentType("application/json").header("X-Webchat-Token", session.getString("data.attributes.token"))
                .body("{\"text\":\"" + text + "\"}").when().post("/v1/webchat/sessions/" + session.getString("data.id")
                        + "/messages").then().statusCode(202);
    }

    private static JsonPath history(JsonPath session) {
        return given().header("X-Webchat-Token", session.getString("data.attributes.token"))
                .when().get("/v1/webchat/sessions/" + session.getString("data.id") + "/messages")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSessionAnswersOnlyToItsOwnToken() {
        Channel channel = publish(List.of());
        JsonPath session = open(channel.id());
        JsonPath other = open(channel.id());
        String messages = "/v1/webchat/sessions/" + session.getString("data.id") + "/messages";
        for (String token : List.of("wct_not-a-token", other.getString("data.attributes.token"))) {
            given().contentType("application/json").header("X-Webchat-Token", token).body("{\"text\":\"hello\"}")
                    .when().post(messages).then().statusCode(404).body("code", equalTo("SESSION_NOT_FOUND"));
            given().header("X-Webchat-Token", token).when().get(messages)
                    .then().statusCode(404).body("code", equalTo("SESSION_NOT_FOUND"));
        }
        given().contentType("application/json").body("{\"text\":\"hello\"}").when().post(messages)
                .then().statusCode(404).body("code", equalTo("SESSION_NOT_FOUND"));
        given().contentType("application/json").header("X-Webchat-Token", session.getString("data.attributes.token"))
                .body("{\"text\":\"hello\"}").when().post("/v1/webchat/sessions/ct_none/messages")
                .then().statusCode(404).body("code", equalTo("SESSION_NOT_FOUND"));
        assertThat(history(session).getList("data")).as("nothing was stored for the refused posts").isEmpty();

        say(session, "hello");
        await().atMost(Duration.ofSeconds(15)).until(() -> history(session).getList("data").size() >= 2);
        assertThat(history(other).getList("data")).isEmpty();
    }

    @Test
    void historyKeepsTheButtonsAndSaysWhereTheStreamContinues() {
        Channel channel = publish(List.of());
        JsonPath session = open(channel.id());
        say(session, "hello");
        await().atMost(Duration.ofSeconds(15)).until(() -> history(session).getList("data").size() >= 2);
        JsonPath h = history(session);
        assertThat(h.getString("data[0].sender")).isEqualTo("contact");
        assertThat(h.getString("data[1].text")).isEqualTo("Bonjour !");
        assertThat(h.getList("data[1].buttons.title")).containsExactly("Commandes", "Retours");
        assertThat(h.getList("data[1].buttons.id")).containsExactly("a", "b");
        assertThat(h.getLong("meta.lastEventId")).isEqualTo(h.getLong("data[1].seq"));
        assertThat(h.getString("meta.conversation.status")).isEqualTo("open");
    }

    @Test
    void aStreamThatReconnectsGetsEveryReplyItMissed() throws Exception {
        Channel channel = publish(List.of());
        JsonPath session = open(channel.id());
        say(session, "hello");
        await().atMost(Duration.ofSeconds(15)).until(() -> history(session).getList("data").size() >= 2);
        long seen = history(session).getLong("meta.lastEventId");
        // the visitor's stream is down (a restart, a tunnel): replies are sent meanwhile
        for (int i = 1; i <= 5; i++) {
            say(session, "note " + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> history(session).getList("data").size() >= 12);
        try (SseReader stream = SseReader.open(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port, "/v1/webchat/sessions/" + session.getString("data.id")
                + "/events?token=" + session.getString("data.attributes.token"), Map.of("Last-Event-ID", Long.toString(seen)))) {
            List<SseReader.Event> missed = stream.next(5, Duration.ofSeconds(15));
            assertThat(missed).extracting(e -> json.readTree(e.data()).path("text").asText())
                    .containsExactly("Got it.", "Got it.", "Got it.", "Got it.", "Got it.");
            assertThat(missed).extracting(e -> Long.parseLong(e.id())).isSorted().allMatch(id -> id > seen);
            // and it stays live
            say(session, "note 6");
            SseReader.Event live = stream.next(1, Duration.ofSeconds(15)).get(0);
            assertThat(Long.parseLong(live.id())).isGreaterThan(Long.parseLong(missed.get(4).id()));
        }
    }

    @Test
    void onlyAllowedOriginsMayOpenTheChannel() {
        Channel channel = publish(List.of(SITE, "https://*.acme.example"));
        given().header("Origin", SITE).when().get("/v1/webchat/channels/" + channel.id()).then().statusCode(200)
                .header("Access-Control-Allow-Origin", SITE)
                .body("data.attributes.title", equalTo("Aide"))
                .body("data.attributes.language", equalTo("fr"))
                .body("data.attributes.position", equalTo("left"))
                .body("data.attributes.greeting.message", equalTo("Bonjour !"))
                .body("data.attributes.identityVerification", equalTo(true));
        given().header("Origin", "https://help.acme.example").when().get("/v1/webchat/channels/" + channel.id())
                .then().statusCode(200);
        given().header("Origin", "https://evil.example").when().get("/v1/webchat/channels/" + channel.id())
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue())
                .body("code", equalTo("ORIGIN_NOT_ALLOWED"));
        given().header("Origin", "https://evil.example").contentType("application/json")
                .body("{\"channelId\":\"" + channel.id() + "\"}").when().post("/v1/webchat/sessions")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());

        JsonPath session = open(channel.id());
        String events = "/v1/webchat/sessions/" + session.getString("data.id") + "/events";
        given().header("Origin", SITE).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id").when().options(events)
                .then().statusCode(204).header("Access-Control-Allow-Origin", SITE)
                .header("Access-Control-Allow-Headers", org.hamcrest.Matchers.containsString("Last-Event-ID"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET").when()
                .options(events).then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").header("X-Webchat-Token", session.getString("data.attributes.token"))
                .when().get("/v1/webchat/sessions/" + session.getString("data.id") + "/messages").then().statusCode(403);
        // no Origin: not a web page (a server, curl)
        given().when().get("/v1/webchat/channels/" + channel.id()).then().statusCode(200);
    }

    @Test
    void aSignedUserHasOneConversationOnEveryDeviceAndAWrongHashIsRefused() {
        Channel channel = publish(List.of());
        String hash = Signatures.hmacHex("s3cret", "user-42".getBytes(StandardCharsets.UTF_8));
        String body = "{\"channelId\":\"" + channel.id() + "\",\"userId\":\"user-42\",\"userHash\":\"%s\"}";
        JsonPath laptop = given().contentType("application/json").body(body.formatted(hash)).when()
                .post("/v1/webchat/sessions").then().statusCode(201).extract().jsonPath();
        say(laptop, "hello");
        await().atMost(Duration.ofSeconds(15)).until(() -> history(laptop).getList("data").size() >= 2);
        JsonPath phone = given().contentType("application/json").body(body.formatted(hash.toUpperCase())).when()
                .post("/v1/webchat/sessions").then().statusCode(201).extract().jsonPath();
        assertThat(phone.getString("data.id")).isEqualTo(laptop.getString("data.id"));
        assertThat(history(phone).getList("data.text")).contains("hello", "Bonjour !");
        assertThat(history(laptop).getList("data")).hasSize(history(phone).getList("data").size()); // laptop still in

        given().contentType("application/json").body(body.formatted(Signatures.hmacHex("wrong", "user-42".getBytes(
                StandardCharsets.UTF_8)))).when().post("/v1/webchat/sessions").then().statusCode(403)
                .body("code", equalTo("USER_HASH_INVALID"));
        given().contentType("application/json").body("{\"channelId\":\"" + channel.id() + "\",\"userId\":\"user-42\"}")
                .when().post("/v1/webchat/sessions").then().statusCode(403).body("code", equalTo("USER_HASH_INVALID"));
        given().contentType("application/json").body("{\"channelId\":\"" + channel.id() + "\",\"userHash\":\"ab\"}")
                .when().post("/v1/webchat/sessions").then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
    }

    @Test
    void theWidgetIsServedWithLongCachingForVersionedFiles() {
        String loader = given().header("Accept-Encoding", "identity").when().get("/widget/parley-chat.js").then()
                .statusCode(200).header("Cache-Control", "public, max-age=300")
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/javascript")).extract().asString();
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("var version = '([0-9a-f]{12})'").matcher(loader);
        assertThat(version.find()).isTrue();
        given().when().get("/widget/" + version.group(1) + "/parley-chat-app.js").then().statusCode(200)
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().when().get("/widget/" + version.group(1) + "/parley-chat.css").then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/css"));
        given().when().get("/widget/000000000000/parley-chat-app.js").then().statusCode(404);
        given().when().get("/widget/demo.html").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"));
    }

}
