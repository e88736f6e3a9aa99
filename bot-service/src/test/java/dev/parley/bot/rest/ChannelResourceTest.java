package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.ChannelEvent;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Channels: write-only credentials, one bot per channel, status with channel.disconnected, and the bot's snapshot. */
@QuarkusTest
class ChannelResourceTest {

    static final String ALICE = Keycloak.bearer("alice");
    static final String TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    static final String WHATSAPP = """
            {"type": "whatsapp", "name": "Support line", "settings": {"phoneNumberId": "106540352242922"},
             "credentials": {"accessToken": "EAAG-very-secret-token", "appSecret": "app-secret-123"}}""";

    @Inject
    ObjectMapper json;

    @Inject
    SecretCipher cipher;

    @Test
    void credentialsAreWriteOnlyAndGeneratedSecretsShownOnce() {
        String body = as(ALICE).body(WHATSAPP).post("/v1/channels").then().statusCode(201)
                .header("Location", containsString("/v1/channels/ch_"))
                .body("data.id", startsWith("ch_"))
                .body("data.type", equalTo("channel"))
                .body("data.attributes.type", equalTo("whatsapp"))
                .body("data.attributes.status", equalTo("disconnected"))
                .body("data.attributes.settings.phoneNumberId", equalTo("106540352242922"))
                .body("data.attributes.credentialKeys", equalTo(List.of("accessToken", "appSecret", "verifyToken")))
                .body("data.attributes.generatedCredentials.verifyToken", notNullValue())
                .extract().asString();
        assertThat(body).doesNotContain("EAAG-very-secret-token").doesNotContain("app-secret-123");
        String id = io.restassured.path.json.JsonPath.from(body).getString("data.id");

        String read = as(ALICE).get("/v1/channels/" + id).then().statusCode(200)
                .body("data.attributes.generatedCredentials", nullValue()).extract().asString();
        assertThat(read).doesNotContain("EAAG-very-secret-token").doesNotContain("app-secret-123");

        as(ALICE).body("{\"name\": \"Renamed\", \"credentials\": {\"accessToken\": \"EAAG-rotated\", \"appSecret\": \"s2\"}}")
                .patch("/v1/channels/" + id).then().statusCode(200)
                .body("data.attributes.name", equalTo("Renamed"))
                .body("data.attributes.credentialKeys", hasItem("verifyToken"))
                .body("data.attributes.settings.phoneNumberId", equalTo("106540352242922"));
        as(ALICE).queryParam("type", "whatsapp").get("/v1/channels").then().statusCode(200).body("data.id", hasItem(id));
        as(ALICE).queryParam("type", "sms").get("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("type"));
        as(ALICE).delete("/v1/channels/" + id).then().statusCode(204);
        as(ALICE).get("/v1/channels/" + id).then().statusCode(404).body("code", equalTo("CHANNEL_NOT_FOUND"));
    }

    @Test
    void eachTypeChecksWhatItNeeds() {
        as(ALICE).body("{\"type\": \"whatsapp\", \"name\": \"x\"}").post("/v1/channels").then().statusCode(400)
                .body("errors.field", hasItem("credentials.accessToken"))
                .body("errors.field", hasItem("credentials.appSecret"))
                .body("errors.field", hasItem("settings.phoneNumberId"));
        as(ALICE).body("{\"type\": \"telegram\", \"name\": \"x\", \"credentials\": {\"botToken\": \"not-a-token\"}}")
                .post("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("credentials.botToken"));
        as(ALICE).body("{\"type\": \"telegram\", \"name\": \"Tg\", \"credentials\": {\"botToken\": \"" + TELEGRAM_TOKEN + "\"}}")
                .post("/v1/channels").then().statusCode(201)
                .body("data.attributes.generatedCredentials.webhookSecret", notNullValue());
        as(ALICE).body("{\"type\": \"webhook\", \"name\": \"x\", \"settings\": {\"outboundUrl\": \"http://127.0.0.1:9/hook\"}}")
                .post("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("settings.outboundUrl"))
                .body("errors[0].message", containsString("loopback"));
        as(ALICE).body("{\"type\": \"webhook\", \"name\": \"Hook\", \"settings\": {\"outbound_url\": \"https://93.184.215.14/hook\"}}")
                .post("/v1/channels").then().statusCode(400).body("errors.field", hasItem("settings.outboundUrl"));
        as(ALICE).body("{\"type\": \"webhook\", \"name\": \"Hook\", \"settings\": {\"outboundUrl\": \"https://93.184.215.14/hook\"}}")
                .post("/v1/channels").then().statusCode(201).body("data.attributes.generatedCredentials.secret", notNullValue());
        as(ALICE).body("{\"type\": \"webchat\", \"name\": \"x\", \"credentials\": {\"password\": \"p\"}}").post("/v1/channels")
                .then().statusCode(400).body("errors[0].field", equalTo("credentials.password"));
        as(ALICE).body("{\"type\": \"sms\", \"name\": \"x\"}").post("/v1/channels").then().statusCode(400)
                .body("errors[0].field", equalTo("type"));
        as(ALICE).body("{\"name\": \"x\"}").post("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("type"));
    }

    @Test
    void aChannelServesOneBotAndItsBotCarriesItInTheSnapshot() throws Exception {
        String shop = createBot(ALICE, minimalBot("Shop"));
        String other = createBot(ALICE, minimalBot("Other"));
        String channel = as(ALICE).body(WHATSAPP).post("/v1/channels").then().statusCode(201).extract().path("data.id");
        try (KafkaProbe config = KafkaProbe.tail(Topics.BOT_CONFIG); KafkaProbe lifecycle = KafkaProbe.tail(Topics.BOTS)) {
            as(ALICE).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + shop + "/channels").then().statusCode(200)
                    .body("data.attributes.status", equalTo("connected"))
                    .body("data.attributes.botId", equalTo(shop));
            as(ALICE).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + other + "/channels").then().statusCode(409)
                    .body("code", equalTo("CHANNEL_ALREADY_BOUND"));
            as(ALICE).body("{\"channelIds\": [\"" + channel + "\"]}").patch("/v1/bots/" + other).then().statusCode(409);
            as(ALICE).get("/v1/bots/" + shop + "/channels").then().statusCode(200).body("data.id", equalTo(List.of(channel)));
            as(ALICE).get("/v1/bots/" + shop).then().body("data.attributes.channelIds", equalTo(List.of(channel)));
            as(ALICE).get("/v1/bots/" + other + "/channels").then().body("data", hasSize(0));

            ConsumerRecord<String, String> bound = config.await(r -> shop.equals(r.key()), Duration.ofSeconds(15)).orElseThrow();
            BotSnapshot snapshot = json.readValue(bound.value(), BotSnapshot.class);
            assertThat(snapshot.channelIds()).containsExactly(channel);
            Channel carried = snapshot.channels().get(0);
            assertThat(carried.status()).isEqualTo(Channel.Status.CONNECTED);
            assertThat(carried.settings()).containsEntry("phoneNumberId", "106540352242922");
            // the typed field conversation-service delivers with (events' Channel.WhatsApp), not a setting read by name
            assertThat(json.readTree(bound.value()).path("channels").path(0).path("whatsapp").path("phoneNumberId").asText())
                    .isEqualTo("106540352242922");
            assertThat(bound.value()).doesNotContain("EAAG-very-secret-token");
            Map<String, String> credentials = json.readValue(cipher.decrypt(carried.credentials()), new TypeReference<>() {
            });
            assertThat(credentials).containsEntry("accessToken", "EAAG-very-secret-token").containsKey("verifyToken");

            as(ALICE).body("{\"reason\": \"token revoked at Meta\"}").post("/v1/channels/" + channel + "/disconnect")
                    .then().statusCode(200).body("data.attributes.status", equalTo("disconnected"))
                    .body("data.attributes.statusReason", equalTo("token revoked at Meta"));
            ConsumerRecord<String, String> event = lifecycle.await(r -> ChannelEvent.DISCONNECTED.equals(
                    KafkaProbe.header(r, CloudEventHeaders.TYPE)), Duration.ofSeconds(15)).orElseThrow();
            assertThat(event.key()).isEqualTo(shop);
            ChannelEvent disconnected = json.readValue(event.value(), ChannelEvent.class);
            assertThat(disconnected.channelId()).isEqualTo(channel);
            assertThat(disconnected.reason()).isEqualTo("token revoked at Meta");
            assertThat(event.value()).doesNotContain("EAAG");

            as(ALICE).post("/v1/channels/" + channel + "/connect").then().statusCode(200).body("data.attributes.status", equalTo("connected"));
            as(ALICE).delete("/v1/bots/" + shop + "/channels/" + channel).then().statusCode(204);
            assertThat(lifecycle.await(r -> ChannelEvent.DISCONNECTED.equals(KafkaProbe.header(r, CloudEventHeaders.TYPE)),
                    Duration.ofSeconds(15))).as("unbinding disconnects").isPresent();
            as(ALICE).get("/v1/bots/" + shop).then().body("data.attributes.channelIds", nullValue());
            as(ALICE).body("{\"channelIds\": [\"" + channel + "\"]}").patch("/v1/bots/" + other).then().statusCode(200)
                    .body("data.attributes.channelIds", equalTo(List.of(channel)));
            as(ALICE).body("{\"channelIds\": [\"ch_missing\"]}").patch("/v1/bots/" + other).then().statusCode(404)
                    .body("code", equalTo("CHANNEL_NOT_FOUND")).body("errors[0].field", equalTo("channelIds[0]"));
        }
    }

    @Test
    void aWebchatChannelCarriesItsAllowedOriginsAndLooksTypedInTheSnapshot() throws Exception {
        as(ALICE).body("""
                {"type": "webchat", "name": "Site", "settings": {"allowedOrigins": ["https://shop.example/path"]}}""")
                .post("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("settings.allowedOrigins"));
        as(ALICE).body("""
                {"type": "webchat", "name": "Site", "settings": {"primaryColor": "red", "position": "top"}}""")
                .post("/v1/channels").then().statusCode(400).body("errors.field",
                        org.hamcrest.Matchers.hasItems("settings.primaryColor", "settings.position"));
        String bot = createBot(ALICE, minimalBot("Site bot"));
        String channel = as(ALICE).body("""
                {"type": "webchat", "name": "Site", "settings": {"allowedOrigins": ["https://shop.example",
                 "https://*.acme.example"], "title": "Acme help", "primaryColor": "#0a6e4f", "position": "left",
                 "welcomeText": "Hello there"}}""")
                .post("/v1/channels").then().statusCode(201)
                .body("data.attributes.generatedCredentials.identitySecret", notNullValue())
                .body("data.attributes.settings.allowedOrigins", equalTo("https://shop.example https://*.acme.example"))
                .extract().path("data.id");
        try (KafkaProbe config = KafkaProbe.tail(Topics.BOT_CONFIG)) {
            as(ALICE).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + bot + "/channels").then().statusCode(200);
            ConsumerRecord<String, String> bound = config.await(r -> bot.equals(r.key()), Duration.ofSeconds(15)).orElseThrow();
            Channel carried = json.readValue(bound.value(), BotSnapshot.class).channels().get(0);
            assertThat(carried.webchat().allowedOrigins()).containsExactly("https://shop.example", "https://*.acme.example");
            assertThat(carried.webchat().title()).isEqualTo("Acme help");
            assertThat(carried.webchat().primaryColor()).isEqualTo("#0a6e4f");
            assertThat(carried.webchat().position()).isEqualTo("left");
            assertThat(carried.webchat().welcomeText()).isEqualTo("Hello there");
            Map<String, String> credentials = json.readValue(cipher.decrypt(carried.credentials()), new TypeReference<>() {
            });
            assertThat(credentials).containsKey("identitySecret");
        }
    }

    @Test
    void anotherTenantsChannelsAreNotFound() {
        String channel = as(ALICE).body(WHATSAPP).post("/v1/channels").then().statusCode(201).extract().path("data.id");
        String bob = Keycloak.bearer("bob");
        as(bob).get("/v1/channels/" + channel).then().statusCode(404).body("code", equalTo("CHANNEL_NOT_FOUND"));
        as(bob).body("{\"name\": \"mine\"}").patch("/v1/channels/" + channel).then().statusCode(404);
        as(bob).delete("/v1/channels/" + channel).then().statusCode(404);
        as(bob).post("/v1/channels/" + channel + "/disconnect").then().statusCode(404);
        String bobsBot = createBot(bob, minimalBot("Bob's"));
        as(bob).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + bobsBot + "/channels").then().statusCode(404)
                .body("code", equalTo("CHANNEL_NOT_FOUND"));
        as(bob).get("/v1/channels").then().body("data.id", not(hasItem(channel)));
        as(ALICE).get("/v1/channels/" + channel).then().statusCode(200).body("data.attributes.name", equalTo("Support line"));
    }

    /**
     * PostgreSQL cannot store NUL, so a value holding one is a 400 INVALID_CHARACTER wherever it sits: trimming took a
     * leading or trailing one (and any other control character) away and stored the rest, converting bad input.
     * Spaces around a value are still trimmed.
     */
    @Test
    void aNulAtEitherEndOfAValueIsRefusedNotTrimmedAway() {
        int channels = as(ALICE).get("/v1/channels").then().statusCode(200).extract().path("meta.pagination.totalCount");
        for (String name : List.of("Site chat\\u0000", "\\u0000Site chat")) {
            as(ALICE).body("{\"type\": \"webchat\", \"name\": \"" + name + "\"}").post("/v1/channels")
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("INVALID_CHARACTER"));
        }
        as(ALICE).get("/v1/channels").then().body("meta.pagination.totalCount", equalTo(channels));

        String bot = createBot(ALICE, minimalBot("Nul reasons"));
        String channel = BotResourceTest.webchat();
        as(ALICE).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + bot + "/channels").then().statusCode(200)
                .body("data.attributes.status", equalTo("connected"));
        for (String reason : List.of("token revoked\\u0000", "\\u0000token revoked")) {
            as(ALICE).body("{\"reason\": \"" + reason + "\"}").post("/v1/channels/" + channel + "/disconnect")
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("INVALID_CHARACTER"));
            as(ALICE).get("/v1/channels/" + channel).then().statusCode(200)
                    .body("data.attributes.status", equalTo("connected"));
        }
        as(ALICE).body("{\"reason\": \"  token revoked \\t\"}").post("/v1/channels/" + channel + "/disconnect")
                .then().statusCode(200).body("data.attributes.status", equalTo("disconnected"))
                .body("data.attributes.statusReason", equalTo("token revoked"));

        as(ALICE).body("""
                {"type": "webchat", "name": "Site", "settings": {"allowedOrigins": ["https://shop.example\\u0000"]}}""")
                .post("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("settings.allowedOrigins"));
        as(ALICE).body("""
                {"type": "webchat", "name": "Site", "settings": {"allowedOrigins": ["\\u0001https://shop.example"]}}""")
                .post("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("settings.allowedOrigins"));
        as(ALICE).body("""
                {"type": "webchat", "name": "Site", "settings": {"allowedOrigins": [" https://Shop.example "]}}""")
                .post("/v1/channels").then().statusCode(201)
                .body("data.attributes.settings.allowedOrigins", equalTo("https://shop.example"));
    }
}
