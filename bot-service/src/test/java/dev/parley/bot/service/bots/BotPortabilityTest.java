package dev.parley.bot.service.bots;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static dev.parley.bot.testing.Seeds.SEED_CONTEXT;
import static dev.parley.bot.testing.Seeds.SEED_FLOW;
import static dev.parley.bot.testing.Seeds.SEED_RULE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.repository.BotRepository;
import dev.parley.bot.service.parts.BotSnapshots;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.Flow;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tiledesk's export, import (create, replace, overwrite) and fork, across tenants where the seed allows it. */
@QuarkusTest
class BotPortabilityTest {

    static final String ALICE = Keycloak.bearer("alice");
    static final String BOB = Keycloak.bearer("bob");

    @Inject
    BotSnapshots snapshots;

    @Inject
    BotRepository bots;

    @Inject
    ObjectMapper json;

    @Test
    void aBotExportedFromOneTenantAndImportedIntoAnotherHasTheSameSnapshotApartFromIds() throws Exception {
        String flow = as(ALICE).body(SEED_FLOW).post("/v1/flows").then().statusCode(201).extract().path("data.id");
        String other = as(ALICE).body(SEED_FLOW.replace("Feedback Collection", "Survey")).post("/v1/flows")
                .then().statusCode(201).extract().path("data.id");
        String source = createBot(ALICE, """
                {"name": "Exported", "description": "Travels well", "provider": "openai", "model": "gpt-4", "language": "en",
                 "config": {"systemPrompt": "Be brief.", "temperature": 0.3},
                 "behaviors": {"greeting": {"enabled": true, "message": "Hi!", "buttons": [{"title": "Orders"}, {"title": "Human"}]},
                               "businessHours": {"enabled": true, "timezone": "Europe/Rome",
                                                 "schedule": [{"day": "monday", "open": "09:00", "close": "17:00"}]}},
                 "functions": [{"name": "order_status", "parameters": {"type": "object", "properties": {"id": {"type": "string"}}},
                                "endpoint": {"url": "https://93.184.215.14/orders", "method": "POST"}}],
                 "flowId": "%s", "flowIds": ["%s"]}""".formatted(flow, flow));
        String rules = "/v1/bots/" + source + "/keyword-rules";
        as(ALICE).body(SEED_RULE).post(rules).then().statusCode(201);
        as(ALICE).body("{\"name\": \"Survey\", \"keywords\": [\"survey\"], \"response\": {\"flowId\": \"" + other + "\"}}")
                .post(rules).then().statusCode(201);
        as(ALICE).body("{\"name\": \"Agent\", \"keywords\": [\"^agent$\"], \"matchType\": \"regex\", \"priority\": 20, "
                + "\"response\": {\"type\": \"transfer\", \"text\": \"One moment\", \"transferConfig\": {\"notes\": \"From {{name}}\"}}}")
                .post(rules).then().statusCode(201);
        as(ALICE).body(SEED_CONTEXT).post("/v1/bots/" + source + "/ai-contexts").then().statusCode(201);

        String exported = as(ALICE).get("/v1/bots/" + source + "/export").then().statusCode(200)
                .body("version", equalTo(1)).body("bot.name", equalTo("Exported"))
                .body("keywordRules", hasSize(3)).body("flows", hasSize(2)).extract().asString();
        as(ALICE).queryParam("intentsOnly", "true").get("/v1/bots/" + source + "/export").then().statusCode(200)
                .body("bot", nullValue()).body("keywordRules", hasSize(3));

        String imported = as(BOB).queryParam("create", "true").body(exported).post("/v1/bots/import").then().statusCode(201)
                .body("data.attributes.name", equalTo("Exported")).extract().path("data.id");
        as(BOB).get("/v1/flows").then().body("data.attributes.name", hasItem("Survey"));

        assertThat(comparable(snapshot(imported))).isEqualTo(comparable(snapshot(source)));
        assertThat(snapshot(imported).tenantId()).isEqualTo("tnt_globex");
    }

    @Test
    void importIntoABotSkipsOverwritesOrReplaces() {
        String bot = createBot(ALICE, minimalBot("Target"));
        String rules = "/v1/bots/" + bot + "/keyword-rules";
        as(ALICE).body("{\"name\": \"Hours\", \"keywords\": [\"hours\"], \"response\": {\"text\": \"Old hours\"}}").post(rules)
                .then().statusCode(201);
        as(ALICE).body("{\"name\": \"Prices\", \"keywords\": [\"price\"], \"response\": {\"text\": \"Prices\"}}").post(rules)
                .then().statusCode(201);
        String document = """
                {"keywordRules": [
                  {"name": "Hours", "keywords": ["hours"], "matchType": "contains", "response": {"type": "text", "text": "New hours"}, "priority": 0, "enabled": true},
                  {"name": "Shipping", "keywords": ["ship"], "matchType": "contains", "response": {"type": "text", "text": "3 days"}, "priority": 0, "enabled": true}]}""";

        as(ALICE).body(document).post("/v1/bots/" + bot + "/import").then().statusCode(200);
        as(ALICE).get(rules).then().body("data", hasSize(3))
                .body("data.attributes.response.text", hasItem("Old hours")).body("data.attributes.response.text", not(hasItem("New hours")));
        as(ALICE).queryParam("overwrite", "true").body(document).post("/v1/bots/" + bot + "/import").then().statusCode(200);
        as(ALICE).get(rules).then().body("data", hasSize(3))
                .body("data.attributes.response.text", hasItem("New hours")).body("data.attributes.response.text", not(hasItem("Old hours")));
        as(ALICE).queryParam("replace", "true").body(document).post("/v1/bots/" + bot + "/import").then().statusCode(200);
        as(ALICE).get(rules).then().body("data", hasSize(2)).body("data.attributes.name", not(hasItem("Prices")));

        as(ALICE).body("{\"keywordRules\": [{\"keywords\": [\"(a+)+\"], \"matchType\": \"regex\", \"response\": {\"text\": \"x\"}}]}")
                .post("/v1/bots/" + bot + "/import").then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        as(ALICE).get(rules).then().body("data", hasSize(2));
        as(BOB).body(document).post("/v1/bots/" + bot + "/import").then().statusCode(404);
        as(ALICE).body(document).post("/v1/bots/import").then().statusCode(400).body("errors[0].field", equalTo("create"));
    }

    /** Rules and contexts import alike: a name matches one existing part, and same-named parts of a document all arrive. */
    @Test
    void sameNamedRulesAndContextsOfADocumentAllArriveAndRoundTrip() {
        String bot = createBot(ALICE, minimalBot("Twins"));
        String document = """
                {"keywordRules": [
                  {"name": "Hours", "keywords": ["hours"], "matchType": "contains", "response": {"type": "text", "text": "9 to 5"}, "priority": 0, "enabled": true},
                  {"name": "Hours", "keywords": ["open"], "matchType": "contains", "response": {"type": "text", "text": "Open now"}, "priority": 0, "enabled": true}],
                 "aiContexts": [
                  {"name": "Policy", "contextType": "static", "content": "Returns within 30 days.", "priority": 0, "enabled": true},
                  {"name": "Policy", "contextType": "static", "content": "Refunds in 5 days.", "priority": 0, "enabled": true}]}""";

        as(ALICE).body(document).post("/v1/bots/" + bot + "/import").then().statusCode(200);
        as(ALICE).get("/v1/bots/" + bot + "/keyword-rules").then().body("data", hasSize(2));
        as(ALICE).get("/v1/bots/" + bot + "/ai-contexts").then().body("data", hasSize(2))
                .body("data.attributes.content", hasItem("Refunds in 5 days."));

        String exported = as(ALICE).get("/v1/bots/" + bot + "/export").then().statusCode(200).extract().asString();
        as(ALICE).queryParam("replace", "true").body(exported).post("/v1/bots/" + bot + "/import").then().statusCode(200);
        as(ALICE).get("/v1/bots/" + bot + "/keyword-rules").then().body("data", hasSize(2));
        as(ALICE).get("/v1/bots/" + bot + "/ai-contexts").then().body("data", hasSize(2));
    }

    @Test
    void publicBotsForkIntoAnotherTenantPrivateOnesNever() {
        String bot = createBot(ALICE, minimalBot("Forkable"));
        as(ALICE).body(SEED_RULE).post("/v1/bots/" + bot + "/keyword-rules").then().statusCode(201);

        as(BOB).post("/v1/bots/" + bot + "/fork").then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        String own = as(ALICE).post("/v1/bots/" + bot + "/fork").then().statusCode(201)
                .body("data.attributes.name", equalTo("Forkable")).extract().path("data.id");
        assertThat(own).isNotEqualTo(bot);

        as(ALICE).body("{\"public\": true}").patch("/v1/bots/" + bot).then().statusCode(200);
        String forked = as(BOB).queryParam("public", "false").post("/v1/bots/" + bot + "/fork").then().statusCode(201)
                .body("data.attributes.public", equalTo(false)).body("data.attributes.status", equalTo("inactive"))
                .extract().path("data.id");
        as(BOB).get("/v1/bots/" + forked + "/keyword-rules").then().statusCode(200).body("data", hasSize(1))
                .body("data[0].attributes.name", equalTo("Business Hours"));
        as(ALICE).get("/v1/bots/" + forked).then().statusCode(404);
        // the fork is private: Alice cannot fork it back
        as(ALICE).post("/v1/bots/" + forked + "/fork").then().statusCode(404);
    }

    private BotSnapshot snapshot(String botId) {
        return QuarkusTransaction.requiringNew().call(() -> snapshots.of(bots.findById(botId)));
    }

    /** The snapshot as JSON with every id, tenant, version and time left out and flow ids written as flow names. */
    private JsonNode comparable(BotSnapshot snapshot) throws Exception {
        String text = json.writeValueAsString(snapshot);
        for (Flow flow : snapshot.flows()) {
            text = text.replace(flow.id(), "FLOW:" + flow.name());
        }
        JsonNode tree = json.readTree(text);
        strip(tree, Set.of("id", "tenantId", "version", "createdAt", "updatedAt"));
        // rules with equal priority keep creation order on both sides
        return tree;
    }

    private static void strip(JsonNode node, Set<String> keys) {
        if (node instanceof ObjectNode object) {
            object.remove(List.copyOf(keys));
            object.forEach(child -> strip(child, keys));
        } else if (node.isArray()) {
            node.forEach(child -> strip(child, keys));
        }
    }
}
