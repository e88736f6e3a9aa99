package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static dev.parley.bot.testing.Seeds.SEED_RULE;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Whatomate's keyword rules, under a bot: CRUD, the seed's request as written, validation and tenancy. */
@QuarkusTest
class KeywordRuleResourceTest {

    static final String ALICE = Keycloak.bearer("alice");
    static final String BOB = Keycloak.bearer("bob");

    @Test
    void theSeedsRuleRoundTrips() {
        String bot = createBot(ALICE, minimalBot("Rules"));
        String rules = "/v1/bots/" + bot + "/keyword-rules";
        String id = as(ALICE).body(SEED_RULE).post(rules).then().statusCode(201)
                .header("Location", containsString(rules + "/kwr_"))
                .body("data.id", startsWith("kwr_"))
                .body("data.type", equalTo("keyword_rule"))
                .body("data.attributes.matchType", equalTo("contains"))
                .body("data.attributes.response.type", equalTo("text"))
                .body("data.attributes.response.text", equalTo("We're open Monday-Friday, 9 AM to 6 PM EST."))
                .body("data.attributes.priority", equalTo(5))
                .body("data.attributes.botId", equalTo(bot))
                .extract().path("data.id");
        String greeting = as(ALICE).body("""
                {"name": "Greeting", "keywords": ["hello", "hi"], "priority": 10,
                 "response": {"text": "Hello! Pick one:", "buttons": [{"title": "Track Order"}, {"title": "Talk to us"}]}}""")
                .post(rules).then().statusCode(201)
                .body("data.attributes.matchType", equalTo("contains"))
                .body("data.attributes.enabled", equalTo(true))
                .body("data.attributes.response.type", equalTo("buttons"))
                .body("data.attributes.response.buttons[0].id", startsWith("btn_"))
                .extract().path("data.id");

        as(ALICE).get(rules).then().statusCode(200)
                .body("data.id", equalTo(java.util.List.of(greeting, id)))
                .body("meta.pagination.totalCount", equalTo(2));
        as(ALICE).get(rules + "/" + id).then().statusCode(200).body("data.attributes.keywords", hasItem("when"));

        as(ALICE).body("{\"enabled\": false, \"keywords\": [\"hours\"]}").patch(rules + "/" + id).then().statusCode(200)
                .body("data.attributes.enabled", equalTo(false))
                .body("data.attributes.keywords", equalTo(java.util.List.of("hours")))
                .body("data.attributes.response.text", startsWith("We're open"));
        as(ALICE).body("{\"keywords\": [\"^order\\\\s*#?\\\\d{4,10}$\"], \"match_type\": \"regex\", \"response\": \"Looking it up\"}")
                .put(rules + "/" + id).then().statusCode(200)
                .body("data.attributes.matchType", equalTo("regex"))
                .body("data.attributes.enabled", equalTo(true))
                .body("data.attributes.name", nullValue())
                .body("data.attributes.priority", equalTo(0));

        as(ALICE).delete(rules + "/" + id).then().statusCode(204);
        as(ALICE).get(rules + "/" + id).then().statusCode(404).body("code", equalTo("KEYWORD_RULE_NOT_FOUND"));
        as(ALICE).get(rules).then().body("data", hasSize(1));
    }

    @Test
    void badRulesAreRefusedWithTheFieldAndReason() {
        String rules = "/v1/bots/" + createBot(ALICE, minimalBot("Bad rules")) + "/keyword-rules";
        as(ALICE).body("{\"keywords\": [\"([a-z\"], \"matchType\": \"regex\", \"response\": {\"text\": \"x\"}}").post(rules)
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("keywords[0]"))
                .body("errors[0].message", containsString("not a valid regular expression"));
        as(ALICE).body("{\"keywords\": [\"ok\", \"(a+)+$\"], \"matchType\": \"regex\", \"response\": {\"text\": \"x\"}}").post(rules)
                .then().statusCode(400).body("errors[0].field", equalTo("keywords[1]"))
                .body("errors[0].message", containsString("nests repetition"));
        as(ALICE).body("{\"keywords\": [\".*.*.*.*=x\"], \"matchType\": \"regex\", \"response\": {\"text\": \"x\"}}").post(rules)
                .then().statusCode(400).body("errors[0].message", containsString("backtracks catastrophically"));
        as(ALICE).body("{\"keywords\": [\"" + "a".repeat(501) + "\"], \"matchType\": \"regex\", \"response\": {\"text\": \"x\"}}")
                .post(rules).then().statusCode(400).body("errors[0].message", containsString("longer than 500"));
        // the same text is fine as a plain keyword
        as(ALICE).body("{\"keywords\": [\"(a+)+$\"], \"matchType\": \"contains\", \"response\": {\"text\": \"x\"}}").post(rules)
                .then().statusCode(201);

        as(ALICE).body("{\"response\": {\"text\": \"x\"}}").post(rules).then().statusCode(400)
                .body("errors[0].field", equalTo("keywords")).body("errors[0].message", equalTo("is required"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"matchType\": \"fuzzy\", \"response\": {\"text\": \"x\"}}").post(rules)
                .then().statusCode(400).body("errors[0].field", equalTo("matchType"))
                .body("errors[0].message", containsString("exact, contains, starts_with, regex"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"response\": {\"type\": \"buttons\", \"text\": \"Pick\", \"buttons\": "
                + "[{\"title\": \"A title that is far too long\"}]}}").post(rules)
                .then().statusCode(400).body("errors[0].field", equalTo("response.buttons[0].title"))
                .body("errors[0].message", containsString("20"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"response\": {\"type\": \"buttons\", \"text\": \"Pick\", \"buttons\": "
                + "[" + "{\"title\": \"b\"},".repeat(10) + "{\"title\": \"b\"}]}}").post(rules)
                .then().statusCode(400).body("errors[0].message", containsString("at most 10"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"response\": {\"type\": \"buttons\", \"text\": \"Pick\"}}").post(rules)
                .then().statusCode(400).body("errors[0].field", equalTo("response.buttons"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"response\": {\"type\": \"flow\", \"flowId\": \"flow_missing\"}}").post(rules)
                .then().statusCode(404).body("code", equalTo("FLOW_NOT_FOUND")).body("errors[0].field", equalTo("response.flowId"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"response\": {\"type\": \"transfer\", \"transferConfig\": "
                + "{\"teamId\": \"sales\", \"notes\": \"From {{name\"}}}").post(rules)
                .then().statusCode(400).body("errors.field", hasItem("response.transferConfig.teamId"))
                .body("errors.field", hasItem("response.transferConfig.notes"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"response\": {\"text\": \"x\"}, \"colour\": \"red\"}").post(rules)
                .then().statusCode(400).body("errors[0].field", equalTo("colour"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"response\": {\"text\": \"{{ first name }}\"}}").post(rules)
                .then().statusCode(400).body("errors[0].message", containsString("not a variable name"));
        as(ALICE).body("{\"keywords\": [\"x\"], \"response\": {\"text\": \"Hi {{contact.name}}\"}}").post(rules)
                .then().statusCode(201);
    }

    @Test
    void anotherTenantsRulesAreNotFoundAndAgentsOnlyRead() {
        String bot = createBot(ALICE, minimalBot("Private rules"));
        String rules = "/v1/bots/" + bot + "/keyword-rules";
        String id = as(ALICE).body(SEED_RULE).post(rules).then().statusCode(201).extract().path("data.id");

        as(BOB).get(rules).then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        as(BOB).get(rules + "/" + id).then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        as(BOB).body(SEED_RULE).post(rules).then().statusCode(404);
        as(BOB).body("{\"enabled\": false}").patch(rules + "/" + id).then().statusCode(404);
        as(BOB).delete(rules + "/" + id).then().statusCode(404);
        String bobsBot = createBot(BOB, minimalBot("Bob's"));
        as(BOB).get("/v1/bots/" + bobsBot + "/keyword-rules/" + id).then().statusCode(404)
                .body("code", equalTo("KEYWORD_RULE_NOT_FOUND"));
        String otherBot = createBot(ALICE, minimalBot("Other"));
        as(ALICE).get("/v1/bots/" + otherBot + "/keyword-rules/" + id).then().statusCode(404);

        String agnes = Keycloak.bearer("agnes");
        as(agnes).get(rules + "/" + id).then().statusCode(200);
        as(agnes).body(SEED_RULE).post(rules).then().statusCode(403);
        as(ALICE).get(rules + "/" + id).then().statusCode(200).body("data.attributes.enabled", equalTo(true));
    }
}
