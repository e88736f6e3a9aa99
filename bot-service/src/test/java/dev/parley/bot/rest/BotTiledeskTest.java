package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
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
                .body("data.attributes.secret", org.hamcrest.Matchers.startsWith("bsk_"))
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

    /** A bot as Tiledesk exports it (exportjson), with the intent kinds Parley maps. */
    static final String TILEDESK_EXPORT = """
            {"webhook_enabled": false, "webhook_url": "https://93.184.215.14/fulfil", "language": "en", "name": "Tiledesk bot",
             "description": "Exported from Tiledesk",
             "intents": [
               {"webhook_enabled": false, "enabled": true, "question": "\\\\start", "answer": "Hello! How can I help?\\n* Orders\\n* Human",
                "intent_display_name": "start", "language": "en", "_id": "5be9b2ecc72a050015e14951", "id_faq_kb": "x"},
               {"enabled": true, "question": "defaultFallback", "answer": "I did not get that.\\n* Menu",
                "intent_display_name": "defaultFallback"},
               {"enabled": true, "question": "opening hours\\nwhen are you open", "answer": "From 9 to 6.",
                "intent_display_name": "hours", "webhook_enabled": true},
               {"enabled": true, "question": "talk to a human", "answer": "One moment.\\n\\\\agent",
                "intent_display_name": "agent_handoff"},
               {"enabled": false, "question": "old promo", "answer": "Gone.", "intent_display_name": "promo"},
               {"enabled": true, "question": "book a call", "answer": "Thanks ${name}, we will call you.",
                "intent_display_name": "book",
                "form": {"fields": [
                  {"name": "name", "type": "text", "label": "Your name?"},
                  {"name": "email", "type": "email", "label": "Your email?", "errorLabel": "That is not an email."}]}}
             ]}""";

    @Test
    void aTiledeskExportBecomesGreetingFallbackRulesAndFlows() {
        String bot = as(ALICE).queryParam("create", "true").body(TILEDESK_EXPORT).post("/v1/bots/import")
                .then().statusCode(201)
                .body("data.attributes.name", equalTo("Tiledesk bot"))
                .body("data.attributes.provider", equalTo("none"))
                .body("data.attributes.webhookEnabled", equalTo(true))
                .body("data.attributes.webhookUrl", equalTo("https://93.184.215.14/fulfil"))
                .body("data.attributes.behaviors.greeting.message", equalTo("Hello! How can I help?"))
                .body("data.attributes.behaviors.greeting.buttons.title", org.hamcrest.Matchers.contains("Orders", "Human"))
                .body("data.attributes.behaviors.fallback.message", equalTo("I did not get that."))
                .body("data.attributes.behaviors.fallback.buttons.title", org.hamcrest.Matchers.contains("Menu"))
                .body("data.attributes.flowIds", hasSize(1))
                .extract().path("data.id");
        io.restassured.path.json.JsonPath rules = as(ALICE).get("/v1/bots/" + bot + "/keyword-rules").then().statusCode(200)
                .extract().jsonPath();
        org.assertj.core.api.Assertions.assertThat(rules.getList("data.attributes.name", String.class))
                .containsExactlyInAnyOrder("hours", "agent_handoff", "promo");
        String hours = "data.find { it.attributes.name == 'hours' }.attributes";
        org.assertj.core.api.Assertions.assertThat(rules.getList(hours + ".keywords", String.class))
                .containsExactly("opening hours", "when are you open");
        org.assertj.core.api.Assertions.assertThat(rules.getString(hours + ".response.text")).isEqualTo("From 9 to 6.");
        String agent = "data.find { it.attributes.name == 'agent_handoff' }.attributes";
        org.assertj.core.api.Assertions.assertThat(rules.getString(agent + ".response.type")).isEqualTo("transfer");
        org.assertj.core.api.Assertions.assertThat(rules.getString(agent + ".response.text")).isEqualTo("One moment.");
        org.assertj.core.api.Assertions.assertThat(rules.getBoolean("data.find { it.attributes.name == 'promo' }.attributes.enabled"))
                .isFalse();

        String flow = as(ALICE).get("/v1/bots/" + bot).then().extract().path("data.attributes.flowIds[0]");
        as(ALICE).get("/v1/flows/" + flow).then().statusCode(200)
                .body("data.attributes.name", equalTo("book"))
                .body("data.attributes.triggerKeywords", org.hamcrest.Matchers.contains("book a call"))
                .body("data.attributes.completionMessage", equalTo("Thanks {{name}}, we will call you."))
                .body("data.attributes.steps", hasSize(2))
                .body("data.attributes.steps[1].storeAs", equalTo("email"))
                .body("data.attributes.steps[1].inputType", equalTo("email"))
                .body("data.attributes.steps[1].retryMessage", equalTo("That is not an email."));
    }

    @Test
    void theSeedsMultipartUploadImportsIntoABot() {
        String bot = createBot(ALICE, "{\"name\": \"Target\", \"provider\": \"openai\", \"model\": \"gpt-4\"}");
        io.restassured.RestAssured.given().header("Authorization", ALICE)
                .multiPart("uploadFile", "bot.json", TILEDESK_EXPORT.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "application/json")
                .post("/v1/bots/" + bot + "/import").then().statusCode(200)
                .body("data.attributes.name", equalTo("Tiledesk bot"))
                .body("data.attributes.provider", equalTo("openai"))
                .body("data.attributes.behaviors.greeting.message", equalTo("Hello! How can I help?"))
                .body("data.attributes.flowIds", hasSize(1));
        as(ALICE).get("/v1/bots/" + bot + "/keyword-rules").then().statusCode(200).body("data", hasSize(3));
        io.restassured.RestAssured.given().header("Authorization", ALICE)
                .multiPart("other", "x.json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json")
                .post("/v1/bots/" + bot + "/import").then().statusCode(400).body("errors[0].field", equalTo("uploadFile"));
    }

    @Test
    void whatTiledeskHasAndParleyCannotMapIsOneClearProblemAndNothingIsImported() {
        String bot = createBot(ALICE, "{\"name\": \"Untouched\", \"provider\": \"openai\", \"model\": \"gpt-4\"}");
        String file = """
                {"name": "Designer bot", "type": "dialogflow",
                 "intents": [
                   {"intent_display_name": "menu", "question": "menu", "answer": "Pick:\\n* A button title far too long"},
                   {"intent_display_name": "designed", "question": "hi",
                    "actions": [{"_tdActionType": "reply", "attributes": {"commands": []}}]},
                   {"intent_display_name": "webhook", "question": "status", "answer": "x", "webhook_enabled": true},
                   {"intent_display_name": "odd", "question": "odd", "answer": "x", "agents_available": true}
                 ]}""";
        as(ALICE).body(file).post("/v1/bots/" + bot + "/import").then().statusCode(422)
                .contentType(org.hamcrest.Matchers.containsString("application/problem+json"))
                .body("code", equalTo("TILEDESK_NOT_MAPPABLE"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("type", "intents[0].answer",
                        "intents[1].actions", "intents[2].webhook_enabled", "intents[3].agents_available"));
        as(ALICE).get("/v1/bots/" + bot + "/keyword-rules").then().statusCode(200).body("data", hasSize(0));
        as(ALICE).get("/v1/bots/" + bot).then().body("data.attributes.name", equalTo("Untouched"));
        as(ALICE).queryParam("create", "true").body("{\"intents\": 3}").post("/v1/bots/import").then().statusCode(400)
                .body("errors[0].field", equalTo("intents"));
    }

    /** A NUL at either end of an intent's name or question is refused (INVALID_CHARACTER), not trimmed away. */
    @Test
    void aNulAtEitherEndOfAnImportedValueIsRefusedAndNothingIsImported() {
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        for (String intent : java.util.List.of(
                "{\"intent_display_name\": \"hours\\u0000\", \"question\": \"opening hours\", \"answer\": \"From 9.\"}",
                "{\"intent_display_name\": \"hours\", \"question\": \"\\u0000opening hours\", \"answer\": \"From 9.\"}")) {
            as(ALICE).queryParam("create", "true")
                    .body("{\"name\": \"Nul import " + tag + "\", \"intents\": [" + intent + "]}").post("/v1/bots/import")
                    .then().statusCode(400).contentType(org.hamcrest.Matchers.containsString("application/problem+json"))
                    .body("code", equalTo("INVALID_CHARACTER"));
        }
        as(ALICE).queryParam("search", "Nul import " + tag).get("/v1/bots").then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(0));
        String bot = as(ALICE).queryParam("create", "true").body("""
                {"name": "Nul import %s", "intents": [{"intent_display_name": " hours ", "question": " opening hours \\n when ",
                 "answer": "From 9."}]}""".formatted(tag)).post("/v1/bots/import").then().statusCode(201).extract().path("data.id");
        as(ALICE).get("/v1/bots/" + bot + "/keyword-rules").then().statusCode(200)
                .body("data.attributes.name", org.hamcrest.Matchers.contains("hours"))
                .body("data[0].attributes.keywords", org.hamcrest.Matchers.contains("opening hours", "when"));
    }
}
