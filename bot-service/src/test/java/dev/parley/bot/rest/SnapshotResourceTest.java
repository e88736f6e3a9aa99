package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The internal catch-up conversation-service asks when it meets a bot or channel before its snapshot arrived: the
 * snapshot as it stands now, for Parley's services only.
 */
@QuarkusTest
class SnapshotResourceTest {

    static final String ALICE = Keycloak.bearer("alice");

    static String serviceToken() {
        return given().formParam("grant_type", "client_credentials").formParam("client_id", "conversation-service")
                .formParam("client_secret", "conversation-service-secret")
                .post(ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class)
                        + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void aServiceGetsTheCurrentSnapshotOfABotAndOfTheBotAChannelServes() {
        String bot = createBot(ALICE, minimalBot("Caught up " + System.nanoTime()));
        String channel = as(ALICE).body("""
                {"type": "webhook", "name": "Partner", "settings": {"outboundUrl": "https://93.184.215.14/replies"}, "botId": "%s"}"""
                .formatted(bot)).post("/v1/channels").then().statusCode(201).extract().path("data.id");
        as(ALICE).post("/v1/bots/" + bot + "/activate").then().statusCode(200);

        String service = "Bearer " + serviceToken();
        given().header("Authorization", service).get("/internal/snapshots/channels/" + channel).then().statusCode(200)
                .body("id", equalTo(bot)).body("tenantId", equalTo("tnt_acme")).body("status", equalTo("active"))
                .body("version", greaterThan(0))
                .body("channels[0].id", equalTo(channel))
                .body("channels[0].webhook.outboundUrl", equalTo("https://93.184.215.14/replies"))
                .body("channels[0].credentials", org.hamcrest.Matchers.notNullValue());
        given().header("Authorization", service).get("/internal/snapshots/bots/" + bot).then().statusCode(200)
                .body("id", equalTo(bot)).body("channelIds[0]", equalTo(channel));

        given().header("Authorization", service).get("/internal/snapshots/bots/bot_doesnotexist").then().statusCode(404)
                .body("code", equalTo("BOT_NOT_FOUND"));
        // people and API keys cannot read snapshots (they carry encrypted secrets)
        given().header("Authorization", ALICE).get("/internal/snapshots/bots/" + bot).then().statusCode(403)
                .body("signingSecret", nullValue());
    }

    @Test
    void aChannelThatServesNoBotIsTold409NotBoundAndOneThatDoesNotExist404() {
        String service = "Bearer " + serviceToken();
        String loose = as(ALICE).body("{\"type\": \"webchat\", \"name\": \"Loose\"}").post("/v1/channels").then()
                .statusCode(201).extract().path("data.id");
        // created, never bound
        given().header("Authorization", service).get("/internal/snapshots/channels/" + loose).then().statusCode(409)
                .body("code", equalTo("CHANNEL_NOT_BOUND")).body("detail", containsString(loose));
        given().header("Authorization", service).get("/internal/snapshots/channels/ch_doesnotexist").then()
                .statusCode(404).body("code", equalTo("CHANNEL_NOT_FOUND"));

        // bound: its bot's snapshot; unbound again: 409 again
        String bot = createBot(ALICE, minimalBot("Binds " + System.nanoTime()));
        as(ALICE).body("{\"channelId\": \"" + loose + "\"}").post("/v1/bots/" + bot + "/channels").then().statusCode(200);
        given().header("Authorization", service).get("/internal/snapshots/channels/" + loose).then().statusCode(200)
                .body("id", equalTo(bot)).body("channels[0].id", equalTo(loose));
        as(ALICE).delete("/v1/bots/" + bot + "/channels/" + loose).then().statusCode(204);
        given().header("Authorization", service).get("/internal/snapshots/channels/" + loose).then().statusCode(409)
                .body("code", equalTo("CHANNEL_NOT_BOUND"));

        // its bot deleted: the channel stays, serving none
        String other = createBot(ALICE, minimalBot("Deleted " + System.nanoTime()));
        as(ALICE).body("{\"channelId\": \"" + loose + "\"}").post("/v1/bots/" + other + "/channels").then().statusCode(200);
        as(ALICE).delete("/v1/bots/" + other).then().statusCode(204);
        given().header("Authorization", service).get("/internal/snapshots/channels/" + loose).then().statusCode(409)
                .body("code", equalTo("CHANNEL_NOT_BOUND"));

        // the channel deleted: it does not exist
        as(ALICE).delete("/v1/channels/" + loose).then().statusCode(204);
        given().header("Authorization", service).get("/internal/snapshots/channels/" + loose).then().statusCode(404)
                .body("code", equalTo("CHANNEL_NOT_FOUND"));
    }
}
