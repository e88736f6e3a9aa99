package dev.parley.conversation.channel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.SseReader;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.ServiceJar;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two conversation-service replicas (the packaged jar, two JVMs, one database): a visitor whose event stream is held by
 * one replica gets every reply, whichever replica the messages arrive at and delivers them (PostgreSQL LISTEN/NOTIFY
 * wakes the other), and a stream reopened on the other replica with Last-Event-ID gets exactly what it missed.
 */
class WebchatTwoReplicasIT {

    static final String SCHEMA = "webchat_it";
    static final String DB = "jdbc:postgresql://127.0.0.1:5432/parley_conversation_test";
    static ServiceJar first;
    static ServiceJar second;
    final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        try (Connection db = DriverManager.getConnection(DB, "parley", "parley"); Statement s = db.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
            s.execute("create schema " + SCHEMA);
        }
        first = replica("replica-1", 19182);
        second = replica("replica-2", 19192);
        first.awaitReady(Duration.ofSeconds(150));
        second.awaitReady(Duration.ofSeconds(150));
    }

    static ServiceJar replica(String name, int port) {
        return ServiceJar.start("conversation-service " + name, Path.of("target/quarkus-app/quarkus-run.jar"), port, "256m",
                Map.ofEntries(
                        Map.entry("QUARKUS_DATASOURCE_JDBC_URL", DB + "?currentSchema=" + SCHEMA),
                        Map.entry("QUARKUS_FLYWAY_DEFAULT_SCHEMA", SCHEMA),
                        Map.entry("PARLEY_SECRETS_KEY", "ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE="),
                        Map.entry("MP_MESSAGING_INCOMING_BOT_CONFIG_GROUP_ID", "conversation-service.it.bot-config"),
                        Map.entry("MP_MESSAGING_INCOMING_BOT_CONFIG_AUTO_OFFSET_RESET", "latest"),
                        Map.entry("MP_MESSAGING_INCOMING_ROUTING_GROUP_ID", "conversation-service.it.routing"),
                        Map.entry("MP_MESSAGING_INCOMING_ROUTING_AUTO_OFFSET_RESET", "latest"),
                        Map.entry("MP_MESSAGING_INCOMING_BOTS_GROUP_ID", "conversation-service.it.bots"),
                        Map.entry("MP_MESSAGING_INCOMING_API_KEYS_GROUP_ID", "conversation-service.it." + name)),
                new File("target/" + name + ".log"));
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aVisitorConnectedToEitherReplicaGetsEveryReply() throws Exception {
        TestBot bot = new TestBot();
        bot.greeting = new BotBehaviors.Greeting(true, "Hello!", null);
        bot.rules.add(TestBot.textRule("n", 1, KeywordRule.MatchType.STARTS_WITH, "Got it.", "note"));
        Channel channel = new Channel(Ids.generate("ch"), Channel.Type.WEBCHAT, "site", Channel.Status.CONNECTED, Map.of(),
                null);
        bot.channels.add(channel);
        // the replicas' consumers start at the end of the topic: send until one of them has the bot
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            bot.version++;
            BotConfigs.send(json, bot, null, Ids.generate("evt"));
            Thread.sleep(1500);
            return given().baseUri(first.url()).get("/v1/webchat/channels/" + channel.id()).statusCode() == 200
                    && given().baseUri(second.url()).get("/v1/webchat/channels/" + channel.id()).statusCode() == 200;
        });

        JsonPath session = given().baseUri(first.url()).contentType("application/json")
                .body("{\"channelId\":\"" + channel.id() + "\"}").post("/v1/webchat/sessions").then().statusCode(201)
                .extract().jsonPath();
        String id = session.getString("data.id");
        String token = session.getString("data.attributes.token");
        List<SseReader.Event> received = new ArrayList<>();
        try (SseReader onSecond = SseReader.open(second.url(), "/v1/webchat/sessions/" + id + "/events?token=" + token,
                Map.of())) {
            for (int i = 0; i < 20; i++) { // messages arrive at both replicas
                ServiceJar to = i % 2 == 0 ? first : second;
                given().baseUri(to.url()).contentType("application/json").header("X-Webchat-Token", token)
                        .body("{\"text\":\"note " + i + "\"}").post("/v1/webchat/sessions/" + id + "/messages")
                        .then().statusCode(202);
            }
            received.addAll(onSecond.next(21, Duration.ofSeconds(60))); // the greeting and 20 answers
            // answers the other replica alone decides and sends reach this stream by its notification alone
            for (int i = 0; i < 3; i++) {
                given().baseUri(first.url()).contentType("application/json").header("X-Webchat-Token", token)
                        .body("{\"text\":\"note elsewhere " + i + "\"}").post("/v1/webchat/sessions/" + id + "/messages")
                        .then().statusCode(202);
            }
            assertThat(onSecond.next(3, Duration.ofSeconds(30))).extracting(e -> json.readTree(e.data()).path("text").asText())
                    .containsExactly("Got it.", "Got it.", "Got it.");
        }
        assertThat(received).extracting(e -> json.readTree(e.data()).path("text").asText()).first().isEqualTo("Hello!");
        assertThat(received).extracting(e -> json.readTree(e.data()).path("text").asText()).filteredOn("Got it."::equals)
                .hasSize(20);
        assertThat(new HashSet<>(received.stream().map(SseReader.Event::id).toList())).hasSize(21);
        long last = Long.parseLong(received.get(20).id());

        // the visitor's stream is gone; five replies are sent meanwhile; it comes back on the other replica
        for (int i = 0; i < 5; i++) {
            given().baseUri(second.url()).contentType("application/json").header("X-Webchat-Token", token)
                    .body("{\"text\":\"note later " + i + "\"}").post("/v1/webchat/sessions/" + id + "/messages")
                    .then().statusCode(202);
        }
        try (SseReader onFirst = SseReader.open(first.url(), "/v1/webchat/sessions/" + id + "/events?token=" + token,
                Map.of("Last-Event-ID", Long.toString(last)))) {
            List<SseReader.Event> missed = onFirst.next(5, Duration.ofSeconds(60));
            assertThat(missed).extracting(e -> Long.parseLong(e.id())).isSorted().allMatch(x -> x > last);
            assertThat(missed).extracting(e -> json.readTree(e.data()).path("text").asText()).containsOnly("Got it.");
        }
    }
}
