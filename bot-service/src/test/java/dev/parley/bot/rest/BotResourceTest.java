package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.parley.platform.problem.ProblemMappers;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Linktor seed's bot examples, run as written, plus Tiledesk's bot fields. */
@QuarkusTest
class BotResourceTest {

    static final String ALICE = Keycloak.bearer("alice");

    static final String SEED_CREATE = """
            {
              "name": "Sales Bot %s",
              "description": "Handles product inquiries and sales",
              "provider": "openai",
              "model": "gpt-4",
              "config": {
                "systemPrompt": "You are a helpful sales assistant for Acme Corp.",
                "temperature": 0.8,
                "maxTokens": 600
              },
              "behaviors": {
                "greeting": {"enabled": true, "message": "Hi there! Welcome to Acme. What are you looking for today?"},
                "handoff": {"enabled": true, "triggers": ["buy", "purchase", "pricing for enterprise"],
                            "message": "Great choice! Let me connect you with our sales team."}
              },
              "knowledgeBaseId": "%s",
              "channelIds": ["%s"]
            }""";

    /** A knowledge base of Alice's tenant. */
    static String knowledgeBase() {
        return as(ALICE).body("{\"name\": \"Products\"}").post("/v1/knowledge-bases")
                .then().statusCode(201).extract().path("data.id");
    }

    /** A webchat channel of Alice's tenant, free to be bound by the seed's bot. */
    static String webchat() {
        return as(ALICE).body("{\"type\": \"webchat\", \"name\": \"Site chat\"}").post("/v1/channels")
                .then().statusCode(201).extract().path("data.id");
    }

    static final String SEED_PATCH = """
            {
              "config": {"systemPrompt": "Updated system prompt with new instructions...", "temperature": 0.5},
              "behaviors": {"handoff": {"enabled": true, "triggers": ["agent", "human", "help me please"],
                                        "message": "Connecting you to a human agent now."}}
            }""";

    @Test
    void theSeedLifecycleWorksAsDocumented() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String kb = knowledgeBase();
        String id = as(ALICE).body(SEED_CREATE.formatted(tag, kb, webchat())).when().post("/v1/bots")
                .then().statusCode(201)
                .header("Location", containsString("/v1/bots/bot_"))
                .body("data.id", startsWith("bot_"))
                .body("data.type", equalTo("bot"))
                .body("data.attributes.status", equalTo("inactive"))
                .body("data.attributes.model", equalTo("gpt-4"))
                .body("data.attributes.config.temperature", equalTo(0.8f))
                .body("data.attributes.behaviors.handoff.triggers", hasItem("pricing for enterprise"))
                .body("data.attributes.createdAt", notNullValue())
                .extract().path("data.id");

        as(ALICE).when().get("/v1/bots/" + id).then().statusCode(200)
                .body("data.attributes.name", equalTo("Sales Bot " + tag))
                .body("data.attributes.knowledgeBaseId", equalTo(kb));

        as(ALICE).queryParam("status", "inactive").queryParam("search", "sales bot " + tag)
                .when().get("/v1/bots")
                .then().statusCode(200)
                .body("data.id", hasItem(id))
                .body("meta.pagination.page", equalTo(1))
                .body("meta.pagination.perPage", equalTo(20))
                .body("meta.pagination.totalCount", equalTo(1))
                .body("meta.pagination.totalPages", equalTo(1));
        as(ALICE).queryParam("status", "active").queryParam("search", tag).when().get("/v1/bots")
                .then().statusCode(200).body("data", hasSize(0));
        as(ALICE).queryParam("provider", "anthropic").queryParam("search", tag).when().get("/v1/bots")
                .then().statusCode(200).body("data", hasSize(0));

        as(ALICE).body(SEED_PATCH).when().patch("/v1/bots/" + id)
                .then().statusCode(200)
                .body("data.attributes.config.systemPrompt", equalTo("Updated system prompt with new instructions..."))
                .body("data.attributes.config.temperature", equalTo(0.5f))
                .body("data.attributes.config.maxTokens", equalTo(600))
                .body("data.attributes.behaviors.greeting.message", startsWith("Hi there!"))
                .body("data.attributes.behaviors.handoff.triggers", equalTo(java.util.List.of("agent", "human", "help me please")))
                .body("data.attributes.updatedAt", notNullValue());

        as(ALICE).when().post("/v1/bots/" + id + "/activate").then().statusCode(200)
                .body("data.attributes.status", equalTo("active"))
                .body("data.attributes.activatedAt", notNullValue());
        as(ALICE).queryParam("status", "active").queryParam("search", tag).when().get("/v1/bots")
                .then().body("data.id", hasItem(id));

        as(ALICE).when().delete("/v1/bots/" + id).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("BOT_IS_ACTIVE"));

        String fallback = createBot(ALICE, minimalBot("Fallback " + tag));
        // conversation-service (its stand-in here) counts the bot's open conversations as the deactivation is answered
        var conversations = dev.parley.bot.testing.ConversationServiceFake.wiremock();
        conversations.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        "/internal/bots/" + id + "/open-conversations")
                .withHeader("X-Parley-Tenant-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("tnt_acme"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"data\": {\"botId\": \"" + id + "\", \"count\": 3}}")));
        try (dev.parley.platform.testing.KafkaProbe lifecycle = dev.parley.platform.testing.KafkaProbe.tail(dev.parley.events.Topics.BOTS)) {
            as(ALICE).body("{\"transferTo\": \"" + fallback + "\", \"reason\": \"Updating knowledge base\"}")
                    .when().post("/v1/bots/" + id + "/deactivate")
                    .then().statusCode(200)
                    .body("data.attributes.status", equalTo("inactive"))
                    .body("data.attributes.deactivatedAt", notNullValue())
                    .body("data.attributes.conversationsTransferred", equalTo(3));
            // the handover itself goes to conversation-service with the event, naming the bot that takes over
            String event = lifecycle.await(r -> id.equals(r.key()), java.time.Duration.ofSeconds(15)).orElseThrow().value();
            org.assertj.core.api.Assertions.assertThat(event).contains("\"transferTo\":\"" + fallback + "\"");
        }
        // deactivating an inactive bot hands nothing over
        as(ALICE).body("{\"transferTo\": \"" + fallback + "\"}").when().post("/v1/bots/" + id + "/deactivate")
                .then().statusCode(200).body("data.attributes.conversationsTransferred", equalTo(0));

        as(ALICE).when().delete("/v1/bots/" + id).then().statusCode(204);
        as(ALICE).when().get("/v1/bots/" + id).then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
    }

    @Test
    void patchMergesDeeplyAndNullRemoves() {
        String id = createBot(ALICE, SEED_CREATE.formatted(UUID.randomUUID(), knowledgeBase(), webchat()));
        as(ALICE).body("{\"behaviors\": {\"greeting\": {\"message\": \"Hello again\"}}, \"knowledgeBaseId\": null}")
                .when().patch("/v1/bots/" + id)
                .then().statusCode(200)
                .body("data.attributes.behaviors.greeting.enabled", equalTo(true))
                .body("data.attributes.behaviors.greeting.message", equalTo("Hello again"))
                .body("data.attributes.behaviors.handoff.triggers", hasItem("buy"))
                .body("data.attributes.knowledgeBaseId", nullValue());
        // RFC 7386's own media type: the same merge patch
        as(ALICE).contentType("application/merge-patch+json").body("{\"behaviors\": {\"greeting\": {\"message\": \"Hi\"}}}")
                .when().patch("/v1/bots/" + id)
                .then().statusCode(200)
                .body("data.attributes.behaviors.greeting.enabled", equalTo(true))
                .body("data.attributes.behaviors.greeting.message", equalTo("Hi"));
        as(ALICE).body("{\"model\": \"claude-3-haiku\"}").when().patch("/v1/bots/" + id)
                .then().statusCode(400).body("code", equalTo("INVALID_MODEL"));
        // a value of the wrong type is refused, not converted ("123", "true")
        as(ALICE).body("{\"name\": 123}").when().patch("/v1/bots/" + id)
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("name")).body("errors[0].message", equalTo("must be a string"));
        as(ALICE).body("{\"name\": true, \"provider\": \"none\"}").when().post("/v1/bots")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(ALICE).body("{\"status\": \"active\"}").when().patch("/v1/bots/" + id)
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("status"));
    }

    @Test
    void concurrentPatchesAllApplyInTurn() throws Exception {
        String id = createBot(ALICE, minimalBot("Busy bot"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var statuses = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                statuses.add(pool.submit(() -> as(ALICE).body("{\"attributes\": {\"k" + n + "\": " + n + "}}")
                        .patch("/v1/bots/" + id).statusCode()));
            }
            for (var status : statuses) {
                org.assertj.core.api.Assertions.assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        // each merge saw the previous ones: all 24 attributes survive
        as(ALICE).get("/v1/bots/" + id).then().body("data.attributes.attributes.size()", equalTo(24));
    }

    @Test
    void aRetriedCreationWithTheSameIdempotencyKeyCreatesOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\": \"Idempotent " + key + "\", \"type\": \"external\", \"url\": \"https://93.184.215.14/bot\"}";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.List<io.restassured.response.Response> answers = new java.util.ArrayList<>();
        try {
            var sent = new java.util.ArrayList<java.util.concurrent.Future<io.restassured.response.Response>>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit(() -> as(ALICE).header("Idempotency-Key", key).body(body).post("/v1/bots")));
            }
            for (var answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }
        org.assertj.core.api.Assertions.assertThat(answers).allSatisfy(a -> org.assertj.core.api.Assertions
                .assertThat(a.statusCode()).isEqualTo(201));
        org.assertj.core.api.Assertions.assertThat(answers.stream().map(a -> a.path("data.id")).distinct()).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(answers.stream().map(a -> a.path("data.attributes.secret")).distinct())
                .as("the replay carries the one-time secret of the first answer").hasSize(1);
        org.assertj.core.api.Assertions.assertThat(answers.stream().filter(a -> "true".equals(a.header("Idempotent-Replayed"))))
                .hasSize(3);
        as(ALICE).queryParam("search", "Idempotent " + key).get("/v1/bots").then().body("meta.pagination.totalCount", equalTo(1));

        as(ALICE).header("Idempotency-Key", key).body(minimalBot("Something else")).post("/v1/bots")
                .then().statusCode(422).contentType("application/problem+json").body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        // a failed creation does not use up its key
        String fresh = UUID.randomUUID().toString();
        as(ALICE).header("Idempotency-Key", fresh).body("{\"name\": \"x\", \"provider\": \"gemini\"}").post("/v1/bots")
                .then().statusCode(400);
        as(ALICE).header("Idempotency-Key", fresh).body(minimalBot("Fixed " + fresh)).post("/v1/bots").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue());
    }

    @Test
    void creationIsValidatedWithTheSeedsCodes() {
        as(ALICE).body("{\"description\": \"no name\"}").when().post("/v1/bots")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_ERROR"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("provider"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"gemini\", \"model\": \"gemini-pro\"}").when().post("/v1/bots")
                .then().statusCode(400).body("code", equalTo("INVALID_PROVIDER")).body("errors[0].field", equalTo("provider"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"openai\", \"model\": \"gpt-9\"}").when().post("/v1/bots")
                .then().statusCode(400).body("code", equalTo("INVALID_MODEL")).body("errors[0].field", equalTo("model"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"openai\", \"model\": \"gpt-4\", \"config\": {\"temperature\": \"hot\"}}")
                .when().post("/v1/bots")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("config.temperature")).body("errors[0].message", equalTo("must be a number"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"openai\", \"model\": \"gpt-4\", \"config\": {\"temperature\": 3}}")
                .when().post("/v1/bots")
                .then().statusCode(400).body("errors[0].field", equalTo("config.temperature"));
        as(ALICE).body("{\"name\": \"x\", \"type\": \"robot\"}").when().post("/v1/bots")
                .then().statusCode(400).body("errors[0].field", equalTo("type"))
                .body("errors[0].message", equalTo("must be one of: internal, external"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"openai\", \"model\": \"gpt-4\", \"colour\": \"red\"}").when().post("/v1/bots")
                .then().statusCode(400).body("errors[0].field", equalTo("colour"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"none\", \"behaviors\": {\"greeting\": {\"buttons\": "
                + "[{\"title\": \"A title much longer than twenty\"}]}}}").when().post("/v1/bots")
                .then().statusCode(400).body("errors[0].field", equalTo("behaviors.greeting.buttons[0].title"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"none\", \"behaviors\": {\"businessHours\": "
                + "{\"enabled\": true, \"timezone\": \"Mars/Olympus\"}}}").when().post("/v1/bots")
                .then().statusCode(400).body("errors.field", hasItem("behaviors.businessHours.timezone"))
                .body("errors.field", hasItem("behaviors.businessHours.schedule"));
    }

    @Test
    void badRequestsNeverReachA500() {
        as(ALICE).body("{\"name\": ").when().post("/v1/bots")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("MALFORMED_JSON"))
                .body("detail", not(containsString("Exception")));
        as(ALICE).body("[1, 2]").when().post("/v1/bots").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        as(ALICE).when().post("/v1/bots").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        as(ALICE).contentType("text/plain").body("hello").when().post("/v1/bots").then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("detail", equalTo(ProblemMappers.UNSUPPORTED_MEDIA_TYPE));
        String huge = "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        as(ALICE).body(huge).when().post("/v1/bots").then().statusCode(413).body("code", equalTo("PAYLOAD_TOO_LARGE"));
        as(ALICE).when().get("/v1/bots/not-an-id").then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        // a request line over Vert.x's default 4 KiB reaches Parley; over Parley's 8 KiB it is a problem too
        as(ALICE).when().get("/v1/bots/bot_" + "x".repeat(5_000)).then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        as(ALICE).when().get("/v1/bots/bot_" + "x".repeat(9_000)).then().statusCode(414)
                .contentType("application/problem+json").body("code", equalTo("URI_TOO_LONG"));
        as(ALICE).when().get("/v1/bots?perPage=0").then().statusCode(400).body("errors[0].field", equalTo("perPage"));
        as(ALICE).when().get("/v1/bots?per_page=101").then().statusCode(400).body("errors[0].field", equalTo("per_page"));
        as(ALICE).when().get("/v1/bots?status=sleeping").then().statusCode(400).body("errors[0].field", equalTo("status"));
        as(ALICE).when().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        as(ALICE).body("{\"transferTo\": \"somebody\"}").when().post("/v1/bots/" + createBot(ALICE, minimalBot("t")) + "/deactivate")
                .then().statusCode(400).body("errors[0].field", equalTo("transferTo"));
    }

    @Test
    void templatesAndExternalBots() {
        as(ALICE).body("{\"name\": \"Helpdesk\", \"template\": \"handoff\", \"provider\": \"retrieval\"}").when().post("/v1/bots")
                .then().statusCode(201)
                .body("data.attributes.behaviors.handoff.triggers", hasItem("agent"))
                .body("data.attributes.behaviors.fallback.maxRetries", equalTo(2));
        String exampleId = as(ALICE).body("{\"name\": \"Showcase\", \"template\": \"example\", \"provider\": \"none\"}")
                .when().post("/v1/bots")
                .then().statusCode(201)
                .body("data.attributes.behaviors.greeting.buttons[0].id", startsWith("btn_"))
                .extract().path("data.id");
        String buttonId = as(ALICE).when().get("/v1/bots/" + exampleId).then().extract()
                .path("data.attributes.behaviors.greeting.buttons[0].id");
        as(ALICE).body("{\"description\": \"changed\"}").when().patch("/v1/bots/" + exampleId)
                .then().body("data.attributes.behaviors.greeting.buttons[0].id", equalTo(buttonId));
        as(ALICE).body("{\"name\": \"x\", \"template\": \"fancy\", \"provider\": \"none\"}").when().post("/v1/bots")
                .then().statusCode(400).body("errors[0].field", equalTo("template"));

        String externalId = as(ALICE).body("""
                {"name": "Dialogflow bridge", "type": "external", "url": "https://93.184.215.14/hook",
                 "language": "it", "public": true, "webhook_enabled": false, "attributes": {"team": "ops"}}""")
                .when().post("/v1/bots")
                .then().statusCode(201)
                .body("data.attributes.type", equalTo("external"))
                .body("data.attributes.secret", startsWith("bsk_"))
                .body("data.attributes.public", equalTo(true))
                .body("data.attributes.webhookEnabled", equalTo(false))
                .extract().path("data.id");
        String raw = as(ALICE).when().get("/v1/bots/" + externalId).asString();
        org.assertj.core.api.Assertions.assertThat(raw.split("\"type\":\"external\"", -1)).as("type appears once").hasSize(2);
        as(ALICE).when().get("/v1/bots/" + externalId).then().statusCode(200)
                .body("data.attributes.secret", nullValue())
                .body("data.attributes.attributes.team", equalTo("ops"));
        as(ALICE).body("{\"name\": \"x\", \"type\": \"external\"}").when().post("/v1/bots")
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        // the addresses the platform will call pass the outbound guard when saved, as at call time
        as(ALICE).body("{\"name\": \"x\", \"type\": \"external\", \"url\": \"http://169.254.169.254/latest/meta-data\"}")
                .when().post("/v1/bots")
                .then().statusCode(400).body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString("metadata"));
        as(ALICE).body("{\"webhookUrl\": \"http://127.0.0.1:8081/x\", \"webhookEnabled\": true}")
                .when().patch("/v1/bots/" + externalId)
                .then().statusCode(400).body("errors[0].field", equalTo("webhookUrl"))
                .body("errors[0].message", containsString("loopback"));
    }

    /**
     * A NUL (which PostgreSQL cannot store) is a 400 INVALID_CHARACTER wherever it sits in a value: trimming used to
     * take a leading or trailing one away and go on with the rest. Spaces around a value are still trimmed.
     */
    @Test
    void aNulAtEitherEndOfAValueIsRefusedNotTrimmedAway() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        as(ALICE).body(minimalBot("Sales " + tag + "\\u0000")).when().post("/v1/bots")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("INVALID_CHARACTER"));
        as(ALICE).queryParam("search", "Sales " + tag).when().get("/v1/bots")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(0));

        String id = createBot(ALICE, minimalBot("Sales " + tag));
        as(ALICE).queryParam("search", "Sales " + tag + "\u0000").when().get("/v1/bots")
                .then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        as(ALICE).queryParam("search", "\u0000Sales " + tag).when().get("/v1/bots")
                .then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        as(ALICE).queryParam("search", "  Sales " + tag + " ").when().get("/v1/bots")
                .then().statusCode(200).body("data.id", equalTo(java.util.List.of(id)));
        as(ALICE).queryParam("page", "1\u0000").when().get("/v1/bots")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("page"));

        as(ALICE).when().post("/v1/bots/" + id + "/activate").then().statusCode(200);
        as(ALICE).body("{\"reason\": \"Maintenance\\u0000\"}").when().post("/v1/bots/" + id + "/deactivate")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("INVALID_CHARACTER"));
        as(ALICE).when().get("/v1/bots/" + id).then().body("data.attributes.status", equalTo("active"));
        as(ALICE).body("{\"reason\": \" Maintenance \"}").when().post("/v1/bots/" + id + "/deactivate")
                .then().statusCode(200).body("data.attributes.status", equalTo("inactive"));
    }
}
