package dev.parley.bot.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.parley.bot.testing.ConversationServiceFake;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/bots/{id}/test} asks conversation-service's engine for a dry run (here a WireMock standing in for
 * it on the test profile's port; the e2e suite runs the real one): with bot-service's service token for the caller's
 * tenant, the Linktor body passed on, the engine's answer returned as it is; bad input, other tenants' bots and an
 * unreachable engine answered with problems, never a 500.
 */
@QuarkusTest
class ConversationServiceClientTest {

    static final String ALICE = Keycloak.bearer("alice");
    static final String DRY_RUN = "/v1/sessions/dry-run";
    final WireMockServer engine = ConversationServiceFake.wiremock();

    @BeforeEach
    void reset() {
        engine.resetAll();
    }

    @Test
    void aTestIsTheEnginesDryRunForTheCallersBot() {
        String bot = createBot(ALICE, minimalBot("Tested " + System.nanoTime()));
        engine.stubFor(post(urlEqualTo(DRY_RUN)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"data": {"response": {"content": "Mon-Fri 9AM-6PM", "confidence": 0.76, "intent": "ai",
                          "sources": [{"type": "knowledge_base", "documentId": "doc_hours", "excerpt": "Mon-Fri", "score": 0.76}]},
                          "usage": {"promptTokens": 150, "completionTokens": 45, "totalTokens": 195}, "latency": 1.2,
                          "messages": [{"text": "Mon-Fri 9AM-6PM", "intent": "ai"}], "queued": false}}""")));

        as(ALICE).body("""
                {"message": "What are your business hours?",
                 "context": {"history": [{"role": "user", "content": "Hi there"},
                                         {"role": "assistant", "content": "Hello! How can I help you today?"}],
                             "metadata": {"customerTier": "premium"}}}""")
                .post("/v1/bots/" + bot + "/test").then().statusCode(200)
                .body("data.response.content", equalTo("Mon-Fri 9AM-6PM"))
                .body("data.response.confidence", equalTo(0.76f))
                .body("data.response.intent", equalTo("ai"))
                .body("data.response.sources[0].documentId", equalTo("doc_hours"))
                .body("data.usage.totalTokens", equalTo(195))
                .body("data.latency", equalTo(1.2f));

        engine.verify(1, postRequestedFor(urlEqualTo(DRY_RUN))
                .withHeader("Authorization", matching("Bearer ey.+"))
                .withHeader("X-Parley-Tenant-Id", WireMock.equalTo("tnt_acme"))
                .withRequestBody(equalToJson("""
                        {"botId": "%s", "message": "What are your business hours?",
                         "context": {"history": [{"role": "user", "content": "Hi there"},
                                                 {"role": "assistant", "content": "Hello! How can I help you today?"}],
                                     "metadata": {"customerTier": "premium"}}}""".formatted(bot), true, true))
                // the bot's current version: the engine runs no older one
                .withRequestBody(matchingJsonPath("$.minVersion")));
    }

    @Test
    void badInputAndOtherTenantsBotsNeverReachTheEngine() {
        String bot = createBot(ALICE, minimalBot("Guarded " + System.nanoTime()));
        as(ALICE).body("{}").post("/v1/bots/" + bot + "/test").then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("message"));
        as(ALICE).body("{\"message\": \"hi\", \"context\": {\"history\": [{\"role\": \"system\", \"content\": \"x\"}]}}")
                .post("/v1/bots/" + bot + "/test").then().statusCode(400)
                .body("errors[0].field", equalTo("context.history[0].role"));
        as(Keycloak.bearer("bob")).body("{\"message\": \"hi\"}").post("/v1/bots/" + bot + "/test").then().statusCode(404)
                .body("code", equalTo("BOT_NOT_FOUND"));
        engine.verify(0, postRequestedFor(urlEqualTo(DRY_RUN)));
    }

    @Test
    void anEngineThatFailsIsAProblemNotA500() {
        String bot = createBot(ALICE, minimalBot("Unlucky " + System.nanoTime()));
        engine.stubFor(post(urlEqualTo(DRY_RUN)).willReturn(aResponse().withStatus(500)));
        as(ALICE).body("{\"message\": \"hi\"}").post("/v1/bots/" + bot + "/test").then().statusCode(503)
                .body("code", equalTo("CONVERSATION_SERVICE_UNAVAILABLE"));
        engine.stop();
        try {
            as(ALICE).body("{\"message\": \"hi\"}").post("/v1/bots/" + bot + "/test").then().statusCode(503)
                    .body("code", equalTo("CONVERSATION_SERVICE_UNAVAILABLE"));
        } finally {
            engine.start();
        }
    }

    @Test
    void aDeactivationWhoseConversationsCannotBeCountedIsAProblemAndChangesNothing() {
        String bot = createBot(ALICE, minimalBot("Leaving " + System.nanoTime()));
        String other = createBot(ALICE, minimalBot("Taking over " + System.nanoTime()));
        as(ALICE).post("/v1/bots/" + bot + "/activate").then().statusCode(200);
        engine.stop();
        try {
            as(ALICE).body("{\"transferTo\": \"" + other + "\"}").post("/v1/bots/" + bot + "/deactivate")
                    .then().statusCode(503).body("code", equalTo("CONVERSATION_SERVICE_UNAVAILABLE"));
        } finally {
            engine.start();
        }
        as(ALICE).get("/v1/bots/" + bot).then().statusCode(200).body("data.attributes.status", equalTo("active"));
    }
}
