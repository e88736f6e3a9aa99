package dev.parley.llm.service.agentloop;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.parley.llm.testing.BotServiceFake;
import dev.parley.llm.testing.ProviderFake;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner on its own, given jobs as {@link AgentExecutionService} hands them over: the loop as it was when the
 * run was queued, an execution cancelled before it starts never calls the model, a failed model call ends the run
 * with the failure in its trace, and the instructions' placeholders.
 */
@QuarkusTest
@QuarkusTestResource(ProviderFake.class)
@QuarkusTestResource(BotServiceFake.class)
class AgentLoopRunnerTest {

    static final String TENANT = "tnt_acme";

    @ProviderFake.InjectProvider
    WireMockServer provider;

    @BotServiceFake.InjectBotService
    WireMockServer botService;

    @Inject
    AgentLoopRunner runner;

    @Inject
    ExecutionStore store;

    @Inject
    ObjectMapper json;

    /** Each test has its own model name, so that its provider stubs and calls are its own. */
    String model;
    String botId;
    String loopId;

    @BeforeEach
    void loop() {
        model = "runner-" + UUID.randomUUID();
        botId = Ids.generate("bot");
        BotServiceFake.knowsBot(botService, TENANT, botId);
        String integration = asAlice().body("""
                {"name": "runner", "provider": "custom", "botId": "%s", "baseUrl": "%s/v1", "defaultModel": "%s"}"""
                .formatted(botId, provider.baseUrl(), model))
                .post("/v1/integrations").then().statusCode(201).extract().path("data.id");
        loopId = asAlice().body("""
                {"name": "Runner", "instructions": "You are the first version.", "model": "%s", "maxIterations": 3}"""
                .formatted(integration))
                .post("/v1/agent-loops").then().statusCode(201).extract().path("data.id");
    }

    static RequestSpecification asAlice() {
        return given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json");
    }

    static String answer(String model, String content) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "%s",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}}""".formatted(model, content);
    }

    /** Chat calls of this test's model. */
    int modelCalls() {
        return provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))).size();
    }

    AgentLoopRunner.Job queue(String input) {
        ExecutionStore.Queued queued = store.queue(TENANT, loopId, input, Map.of(), null, botId);
        return new AgentLoopRunner.Job(queued.loop(), queued.execution(), TENANT, null);
    }

    JsonNode finished(String executionId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String body = asAlice().get("/v1/agent-loops/" + loopId + "/executions/" + executionId)
                    .then().statusCode(200).extract().asString();
            return json.readTree(body).path("data").path("attributes");
        }, e -> List.of("completed", "failed", "cancelled").contains(e.path("status").asText()));
    }

    @Test
    void theRunFollowsTheLoopAsItWasWhenQueuedNotAsEditedSince() {
        provider.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(okJson(answer(model, "Done."))));
        AgentLoopRunner.Job job = queue("Go");
        asAlice().body("{\"instructions\": \"You are the second version.\"}").patch("/v1/agent-loops/" + loopId)
                .then().statusCode(200);

        runner.submit(job);
        JsonNode done = finished(job.execution().id);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("output").asText()).isEqualTo("Done.");
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("You are the first version.")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Go"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> !runner.active().contains(job.execution().id));
    }

    @Test
    void anExecutionCancelledWhileQueuedNeverCallsTheModel() {
        provider.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(okJson(answer(model, "Should not be asked."))));
        AgentLoopRunner.Job job = queue("Go");
        store.requestCancel(TENANT, loopId, job.execution().id);

        runner.submit(job);
        await().atMost(Duration.ofSeconds(10)).until(() -> !runner.active().contains(job.execution().id));

        JsonNode done = finished(job.execution().id);
        assertThat(done.path("status").asText()).isEqualTo("cancelled");
        assertThat(done.path("startedAt").isNull() || done.path("startedAt").isMissingNode()).as("it never started").isTrue();
        assertThat(done.path("steps")).isEmpty();
        assertThat(modelCalls()).isZero();
    }

    @Test
    void aFailedModelCallEndsTheRunWithTheFailureInItsTrace() {
        provider.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"invalid key sk-leaked\"}}")));
        AgentLoopRunner.Job job = queue("Go");

        runner.submit(job);
        JsonNode done = finished(job.execution().id);

        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("error").asText()).startsWith("model call failed: PROVIDER_AUTHENTICATION_FAILED: ")
                .doesNotContain("sk-leaked");
        assertThat(done.path("iterations").asInt()).as("a failed call is not an iteration").isZero();
        assertThat(done.path("usage").path("totalTokens").asInt()).isZero();
        JsonNode steps = done.path("steps");
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).path("kind").asText()).isEqualTo("model");
        assertThat(steps.get(0).path("error").asText()).startsWith("PROVIDER_AUTHENTICATION_FAILED: ");
        assertThat(modelCalls()).as("an authentication failure is not retried").isEqualTo(1);
    }

    @Test
    void placeholdersTakeTheRunsVariablesVerbatimAndUnknownOnesStayAsWritten() {
        assertThat(AgentLoopRunner.fill("Help {{customer}} with {{ topic }} in {{region}}.",
                Map.of("customer", "Ann $1 \\o/", "topic", "orders")))
                .isEqualTo("Help Ann $1 \\o/ with orders in {{region}}.");
        assertThat(AgentLoopRunner.fill("Help {{customer}}.", Map.of())).isEqualTo("Help {{customer}}.");
        assertThat(AgentLoopRunner.fill("Help {{customer}}.", null)).isEqualTo("Help {{customer}}.");
    }
}
