package dev.parley.bot.rest;

import static dev.parley.bot.support.BotApi.as;
import static dev.parley.bot.support.BotApi.createBot;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14.10: Tiledesk's full update (PUT) and the bot's creator. */
@QuarkusTest
class BotTiledeskTest {

    static final String ALICE = Keycloak.bearer("alice");

    @Test
    void putReplacesTheWholeBotAndAcceptsWhatAGetShowed() throws Exception {
        String channel = BotResourceTest.webchat();
        String bot = createBot(ALICE, """
                {"name": "bot1", "description": "Old description", "provider": "openai", "model": "gpt-4", "language": "en",
                 "behaviors": {"greeting": {"enabled": true, "message": "Hi"}}, "channelIds": ["%s"]}""".formatted(channel));

        as(ALICE).body("""
                {"name": "bot2", "provider": "openai", "model": "gpt-4", "language": "it",
                 "webhook_enabled": true, "webhook_url": "https://93.184.215.14/fulfil"}""")
                .put("/v1/bots/" + bot).then().statusCode(200)
                .body("data.attributes.name", equalTo("bot2"))
                .body("data.attributes.language", equalTo("it"))
                .body("data.attributes.webhookEnabled", equalTo(true))
                .body("data.attributes.description", nullValue())
                .body("data.attributes.behaviors", nullValue())
                .body("data.attributes.channelIds", nullValue())
                .body("data.attributes.channels", hasSize(0));
        as(ALICE).get("/v1/channels/" + channel).then().statusCode(200).body("data.attributes.botId", nullValue());

        // A client may send back what it read: the platform's attributes are ignored, the rest replaces the bot.
        ExtractableResponse<Response> read = as(ALICE).get("/v1/bots/" + bot).then().statusCode(200).extract();
        ObjectMapper json = new ObjectMapper();
        ObjectNode attributes = (ObjectNode) json.readTree(read.asString()).path("data").path("attributes");
        attributes.put("description", "Round trip");
        as(ALICE).body(attributes.toString()).put("/v1/bots/" + bot).then().statusCode(200)
                .body("data.attributes.description", equalTo("Round trip"))
                .body("data.attributes.name", equalTo("bot2"))
                .body("data.attributes.status", equalTo("inactive"));

        as(ALICE).body("{\"name\": \"no provider\"}").put("/v1/bots/" + bot).then().statusCode(400)
                .body("errors[0].field", equalTo("provider"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"openai\", \"model\": \"gpt-4\", \"nonsense\": 1}")
                .put("/v1/bots/" + bot).then().statusCode(400);
        as(Keycloak.bearer("bob")).body("{\"name\": \"x\", \"provider\": \"openai\", \"model\": \"gpt-4\"}")
                .put("/v1/bots/" + bot).then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        as(ALICE).get("/v1/bots/" + bot).then().body("data.attributes.name", equalTo("bot2"));
    }

    @Test
    void aBotNamesWhoCreatedIt() {
        String byUser = createBot(ALICE, "{\"name\": \"by alice\", \"provider\": \"openai\", \"model\": \"gpt-4\"}");
        as(ALICE).get("/v1/bots/" + byUser).then().statusCode(200)
                .body("data.attributes.createdBy", not(emptyOrNullString()));

        Map<String, Object> key = as(ALICE).body("{\"name\": \"creator\", \"scopes\": [\"bots:write\", \"bots:read\"]}")
                .post("/v1/api-keys").then().statusCode(201).extract().path("data");
        String secret = (String) ((Map<?, ?>) key.get("attributes")).get("key");
        String byKey = createBot("Bearer " + secret, "{\"name\": \"by key\", \"provider\": \"openai\", \"model\": \"gpt-4\"}");
        as(ALICE).get("/v1/bots/" + byKey).then().statusCode(200).body("data.attributes.createdBy", equalTo(key.get("id")));
        // Nobody can claim to be someone else.
        as(ALICE).body("{\"createdBy\": \"mallory\"}").patch("/v1/bots/" + byKey).then().statusCode(400);
    }
}
