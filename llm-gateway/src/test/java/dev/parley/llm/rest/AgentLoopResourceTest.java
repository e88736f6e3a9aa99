package dev.parley.llm.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.parley.events.llm.AgentLoopFinishedEvent;
import dev.parley.events.Topics;
import dev.parley.events.conversation.HandoffRequested;
import dev.parley.llm.service.agentloop.ExecutionRecovery;
import dev.parley.llm.service.agentloop.ExecutionStore;
import dev.parley.llm.testing.BotServiceFake;
import dev.parley.llm.testing.ProviderFake;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent loops against a scripted fake provider (WireMock scenarios, through the real LangChain4j clients) whose
 * server also plays the tenant's HTTP tools (loopback is allowed in the test profile only), and a fake bot-service.
 */
@QuarkusTest
@QuarkusTestResource(ProviderFake.class)
@QuarkusTestResource(BotServiceFake.class)
class AgentLoopResourceTest {

    @ProviderFake.InjectProvider
    WireMockServer provider;

    @BotServiceFake.InjectBotService
    WireMockServer botService;

    @Inject
    ObjectMapper json;

    @Inject
    ExecutionRecovery recovery;

    @Inject
    EntityManager entityManager;

    @Inject
    ExecutionStore store;

    String providerKey;
    String botId;

    @BeforeEach
    void reset() {
        provider.resetAll();
        botService.resetAll();
        providerKey = "sk-test-" + UUID.randomUUID();
        botId = Ids.generate("bot");
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user)).contentType("application/json");
    }

    /** A bot-scoped OpenAI integration on the fake provider; loops name it as their model. */
    String integration(String user) {
        BotServiceFake.knowsBot(botService, "bob".equals(user) ? "tnt_globex" : "tnt_acme", botId);
        return as(user).body("""
                {"name": "fake openai", "provider": "openai", "apiKey": "%s", "botId": "%s",
                 "baseUrl": "%s/v1", "defaultModel": "gpt-4o-mini"}""".formatted(providerKey, botId, provider.baseUrl()))
                .post("/v1/integrations").then().statusCode(201).extract().path("data.id");
    }

    String loop(String user, String body) {
        return as(user).body(body).post("/v1/agent-loops").then().statusCode(201).extract().path("data.id");
    }

    String orderTools() {
        return """
                [{"type": "http", "name": "lookup_order", "description": "Finds an order", "method": "GET",
                  "url": "%1$s/orders/{orderId}",
                  "headers": [{"name": "X-Api-Key", "value": "shop-secret-1", "secret": true},
                              {"name": "X-Shop", "value": "acme-store"}],
                  "parameters": {"type": "object", "properties": {"orderId": {"type": "string", "pattern": "^A-[0-9]+$"}},
                                 "required": ["orderId"], "additionalProperties": false}},
                 {"type": "http", "name": "check_stock", "description": "Stock of a SKU", "method": "POST",
                  "url": "%1$s/stock",
                  "parameters": {"type": "object", "properties": {"sku": {"type": "string"}}, "required": ["sku"]}}]"""
                .formatted(provider.baseUrl());
    }

    /** An OpenAI chat completion asking for one tool call. */
    static String toolCall(String callId, String tool, String arguments, int prompt, int completion) {
        return """
                {"id": "chatcmpl-%1$s", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                   "tool_calls": [{"id": "%1$s", "type": "function", "function": {"name": "%2$s", "arguments": %3$s}}]}}],
                 "usage": {"prompt_tokens": %4$d, "completion_tokens": %5$d, "total_tokens": %6$d}}"""
                .formatted(callId, tool, quoted(arguments), prompt, completion, prompt + completion);
    }

    static String answer(String content, int prompt, int completion) {
        return """
                {"id": "chatcmpl-final", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}"""
                .formatted(content, prompt, completion, prompt + completion);
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The provider answers {@code replies} in order, one per call. */
    void script(String... replies) {
        String scenario = "script-" + UUID.randomUUID();
        for (int i = 0; i < replies.length; i++) {
            ScenarioMappingBuilder stub = post("/v1/chat/completions").inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step" + i);
            if (i + 1 < replies.length) {
                stub = stub.willSetStateTo("step" + (i + 1));
            }
            provider.stubFor(stub.willReturn(okJson(replies[i])));
        }
    }

    String run(String user, String loopId, String body) {
        io.restassured.response.Response response = as(user).body(body).post("/v1/agent-loops/" + loopId + "/run");
        response.then().statusCode(202)
                .body("data.type", is("agent_execution"))
                .body("data.attributes.loopId", is(loopId));
        String id = response.path("data.id");
        assertThat(id).startsWith("exe_");
        assertThat(response.header("Location")).endsWith("/v1/agent-loops/" + loopId + "/executions/" + id);
        return id;
    }

    JsonNode execution(String user, String loopId, String executionId) {
        String body = as(user).get("/v1/agent-loops/" + loopId + "/executions/" + executionId)
                .then().statusCode(200).extract().asString();
        try {
            return json.readTree(body).path("data");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode finished(String user, String loopId, String executionId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> execution(user, loopId, executionId),
                        e -> List.of("completed", "failed", "cancelled").contains(e.path("attributes").path("status").asText()));
    }

    JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void scriptedModelCallsToolsUntilItAnswersAndEveryStepIsTraced() {
        String integration = integration("alice");
        String loopId = loop("alice", """
                {"name": "Order helper", "instructions": "You help {{customer}} with orders.", "model": "%s",
                 "maxIterations": 5, "maxTokens": 1000, "timeoutSeconds": 30, "tools": %s}"""
                .formatted(integration, orderTools()));
        // A later edit that sends the tools again without the secret value keeps it.
        as("alice").body("""
                {"name": "Order helper v2", "tools": %s}""".formatted(orderTools().replace(
                        "\"value\": \"shop-secret-1\", ", "")))
                .patch("/v1/agent-loops/" + loopId).then().statusCode(200)
                .body("data.attributes.name", is("Order helper v2"))
                .body("data.attributes.tools[0].headers[0].secret", is(true))
                .body("data.attributes.tools[0].headers[0].value", org.hamcrest.Matchers.nullValue())
                .body("data.attributes.tools[0].headers[1].value", is("acme-store"));
        provider.stubFor(get("/orders/A-17").willReturn(okJson("{\"orderId\":\"A-17\",\"sku\":\"SKU-9\",\"status\":\"paid\"}")));
        provider.stubFor(post("/stock").willReturn(okJson("{\"sku\":\"SKU-9\",\"available\":3}")));
        script(toolCall("call_1", "lookup_order", "{\"orderId\":\"A-17\"}", 30, 10),
                toolCall("call_2", "check_stock", "{\"sku\":\"SKU-9\"}", 50, 10),
                answer("Order A-17 is paid; SKU-9 has 3 in stock.", 70, 20));

        try (KafkaProbe events = KafkaProbe.tail(Topics.AGENT_LOOPS)) {
            String executionId = run("alice", loopId, """
                    {"input": "Where is order A-17 and is its item in stock?", "variables": {"customer": "Ann"},
                     "botId": "%s"}""".formatted(botId));
            JsonNode done = finished("alice", loopId, executionId).path("attributes");

            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("error").isNull()).isTrue();
            assertThat(done.path("output").asText()).isEqualTo("Order A-17 is paid; SKU-9 has 3 in stock.");
            assertThat(done.path("iterations").asInt()).isEqualTo(3);
            assertThat(done.path("usage").path("promptTokens").asInt()).isEqualTo(150);
            assertThat(done.path("usage").path("completionTokens").asInt()).isEqualTo(40);
            assertThat(done.path("usage").path("totalTokens").asInt()).isEqualTo(190);
            // gpt-4o-mini: 0.15 and 0.60 USD per million prompt and completion tokens
            assertThat(done.path("usage").path("costUsd").decimalValue()).isEqualByComparingTo("0.0000465");

            JsonNode steps = done.path("steps");
            assertThat(steps).hasSize(5);
            assertThat(steps).extracting(s -> s.path("kind").asText() + ":" + s.path("name").asText())
                    .containsExactly("model:openai/gpt-4o-mini", "tool:lookup_order", "model:openai/gpt-4o-mini",
                            "tool:check_stock", "model:openai/gpt-4o-mini");
            assertThat(steps).extracting(s -> s.path("seq").asInt()).containsExactly(1, 2, 3, 4, 5);
            assertThat(steps.get(0).path("toolCalls").get(0).path("id").asText()).isEqualTo("call_1");
            assertThat(steps.get(0).path("toolCalls").get(0).path("arguments").asText()).isEqualTo("{\"orderId\":\"A-17\"}");
            assertThat(steps.get(0).path("promptTokens").asInt()).isEqualTo(30);
            assertThat(steps.get(0).path("costUsd").decimalValue()).isEqualByComparingTo("0.0000105");
            assertThat(steps.get(1).path("callId").asText()).isEqualTo("call_1");
            assertThat(steps.get(1).path("arguments").asText()).isEqualTo("{\"orderId\":\"A-17\"}");
            assertThat(steps.get(1).path("result").asText()).isEqualTo("{\"orderId\":\"A-17\",\"sku\":\"SKU-9\",\"status\":\"paid\"}");
            assertThat(steps.get(1).path("error").isNull()).isTrue();
            assertThat(steps.get(3).path("result").asText()).isEqualTo("{\"sku\":\"SKU-9\",\"available\":3}");
            assertThat(steps.get(4).path("result").asText()).isEqualTo("Order A-17 is paid; SKU-9 has 3 in stock.");
            assertThat(steps.get(4).path("toolCalls").isNull()).isTrue();
            steps.forEach(s -> assertThat(s.path("latencyMs").asInt()).isGreaterThanOrEqualTo(0));

            // the tools were called as configured, with the tenant's headers (the secret one decrypted)
            provider.verify(1, getRequestedFor(urlEqualTo("/orders/A-17"))
                    .withHeader("X-Api-Key", equalTo("shop-secret-1")).withHeader("X-Shop", equalTo("acme-store")));
            provider.verify(1, postRequestedFor(urlEqualTo("/stock")).withRequestBody(equalToJson("{\"sku\":\"SKU-9\"}")));
            // the model saw the instructions with the variables, the tools, and each result under its call id
            provider.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("You help Ann with orders.")))
                    .withRequestBody(matchingJsonPath("$.tools[?(@.function.name == 'check_stock')]")));
            List<JsonNode> calls = provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                    .map(r -> read(r.getBodyAsString())).toList();
            assertThat(calls).extracting(c -> c.path("messages").size()).containsExactly(2, 4, 6);
            assertThat(calls.get(1).path("messages").get(3)).isEqualTo(read("""
                    {"role": "tool", "tool_call_id": "call_1",
                     "content": "{\\"orderId\\":\\"A-17\\",\\"sku\\":\\"SKU-9\\",\\"status\\":\\"paid\\"}"}"""));
            assertThat(calls.get(2).path("messages").get(5).path("content").asText())
                    .isEqualTo("{\"sku\":\"SKU-9\",\"available\":3}");

            // every model call is billed like any chat call
            as("alice").queryParam("groupBy", "bot").get("/v1/usage").then().statusCode(200)
                    .body("data.find { it.id == '%s' }.attributes.totalTokens".formatted(botId), is(190));

            ConsumerRecord<String, String> completed = events.await(r ->
                    AgentLoopFinishedEvent.COMPLETED.equals(KafkaProbe.header(r, "ce_type"))
                            && read(r.value()).path("executionId").asText().equals(executionId), Duration.ofSeconds(10))
                    .orElseThrow(() -> new AssertionError("no agent_loop.completed event"));
            JsonNode event = read(completed.value());
            assertThat(completed.key()).isEqualTo("tnt_acme");
            assertThat(event.path("loopId").asText()).isEqualTo(loopId);
            assertThat(event.path("loopName").asText()).isEqualTo("Order helper v2");
            assertThat(event.path("status").asText()).isEqualTo("completed");
            assertThat(event.path("output").asText()).isEqualTo("Order A-17 is paid; SKU-9 has 3 in stock.");
            assertThat(event.path("totalTokens").asInt()).isEqualTo(190);
        }

        as("alice").get("/v1/agent-loops/" + loopId + "/executions").then().statusCode(200)
                .body("data.size()", is(1))
                .body("data[0].attributes.status", is("completed"))
                .body("meta.pagination.totalCount", is(1));
        // the secret never comes back
        assertThat(as("alice").get("/v1/agent-loops/" + loopId).asString()).doesNotContain("shop-secret-1");
    }

    @Test
    void argumentsThatBreakTheToolsSchemaGoBackToTheModelAsAToolError() {
        String loopId = loop("alice", """
                {"name": "Orders", "instructions": "Help.", "model": "%s", "tools": %s}"""
                .formatted(integration("alice"), orderTools()));
        script(toolCall("call_bad", "lookup_order", "{\"orderId\":17}", 20, 5),
                answer("Please give me the order number as written on the receipt.", 40, 10));

        JsonNode done = finished("alice", loopId, run("alice", loopId, "{\"input\": \"order 17?\"}")).path("attributes");

        assertThat(done.path("status").asText()).isEqualTo("completed");
        JsonNode toolStep = done.path("steps").get(1);
        assertThat(toolStep.path("name").asText()).isEqualTo("lookup_order");
        assertThat(toolStep.path("error").asText())
                .isEqualTo("invalid arguments: $.orderId: integer found, string expected");
        assertThat(toolStep.path("result").isNull()).isTrue();
        provider.verify(0, getRequestedFor(urlPathEqualTo("/orders/17")));
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                {"messages": [{}, {}, {}, {"role": "tool", "tool_call_id": "call_bad",
                  "content": "{\\"error\\":\\"invalid arguments: $.orderId: integer found, string expected\\"}"}]}""",
                true, true)));
    }

    @Test
    void theIterationCapStopsALoopThatNeverAnswers() {
        String loopId = loop("alice", """
                {"name": "Endless", "instructions": "Check stock forever.", "model": "%s", "maxIterations": 2,
                 "tools": %s}""".formatted(integration("alice"), orderTools()));
        provider.stubFor(post("/stock").willReturn(okJson("{\"available\":0}")));
        provider.stubFor(post("/v1/chat/completions").willReturn(okJson(toolCall("call_x", "check_stock",
                "{\"sku\":\"S\"}", 10, 5))));

        try (KafkaProbe events = KafkaProbe.tail(Topics.AGENT_LOOPS)) {
            String executionId = run("alice", loopId, "{\"input\": \"stock?\"}");
            JsonNode done = finished("alice", loopId, executionId).path("attributes");

            assertThat(done.path("status").asText()).isEqualTo("failed");
            assertThat(done.path("error").asText()).isEqualTo("iteration cap reached: 2 model calls without a final answer");
            assertThat(done.path("iterations").asInt()).isEqualTo(2);
            assertThat(done.path("usage").path("totalTokens").asInt()).isEqualTo(30);
            assertThat(done.path("steps")).hasSize(4);
            provider.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));

            ConsumerRecord<String, String> failed = events.await(r ->
                    AgentLoopFinishedEvent.FAILED.equals(KafkaProbe.header(r, "ce_type"))
                            && read(r.value()).path("executionId").asText().equals(executionId), Duration.ofSeconds(10))
                    .orElseThrow(() -> new AssertionError("no agent_loop.failed event"));
            assertThat(read(failed.value()).path("error").asText())
                    .isEqualTo("iteration cap reached: 2 model calls without a final answer");
        }
    }

    @Test
    void theTokenCapStopsTheLoopAfterTheCallThatCrossedIt() {
        String loopId = loop("alice", """
                {"name": "Thrifty", "instructions": "Be brief.", "model": "%s", "maxTokens": 100, "tools": %s}"""
                .formatted(integration("alice"), orderTools()));
        provider.stubFor(post("/v1/chat/completions").willReturn(okJson(toolCall("call_t", "check_stock",
                "{\"sku\":\"S\"}", 80, 30))));

        JsonNode done = finished("alice", loopId, run("alice", loopId, "{\"input\": \"stock?\"}")).path("attributes");

        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("error").asText()).isEqualTo("token cap reached: 110 tokens used of 100 allowed");
        assertThat(done.path("steps")).hasSize(1);
        provider.verify(0, postRequestedFor(urlEqualTo("/stock")));
    }

    @Test
    void theTimeCapStopsALoopWaitingOnASlowTool() {
        String loopId = loop("alice", """
                {"name": "Patient", "instructions": "Check.", "model": "%s", "timeoutSeconds": 3, "tools": %s}"""
                .formatted(integration("alice"), orderTools()));
        provider.stubFor(post("/stock").willReturn(okJson("{\"available\":1}").withFixedDelay(6000)));
        script(toolCall("call_s", "check_stock", "{\"sku\":\"S\"}", 10, 5), answer("never", 1, 1));

        JsonNode done = finished("alice", loopId, run("alice", loopId, "{\"input\": \"stock?\"}")).path("attributes");

        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("error").asText()).isEqualTo("time cap reached: not finished within 3 s");
        JsonNode toolStep = done.path("steps").get(1);
        assertThat(toolStep.path("error").asText()).startsWith("the tool did not answer within");
        assertThat(toolStep.path("latencyMs").asInt()).isLessThan(3500);
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void theTimeCapAlsoCutsASlowModelCallShort() {
        String loopId = loop("alice", """
                {"name": "Slow model", "instructions": "Think.", "model": "%s", "timeoutSeconds": 1}"""
                .formatted(integration("alice")));
        provider.stubFor(post("/v1/chat/completions").willReturn(okJson(answer("late", 1, 1)).withFixedDelay(5000)));

        long start = System.nanoTime();
        JsonNode done = finished("alice", loopId, run("alice", loopId, "{\"input\": \"x\"}")).path("attributes");

        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("error").asText()).isEqualTo("time cap reached: not finished within 1 s");
        assertThat(done.path("steps").get(0).path("error").asText()).isEqualTo("no answer before the time cap");
        assertThat(done.path("usage").path("totalTokens").asInt()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void theTenantsTokenBudgetAppliesToEveryModelCall() {
        String loopId = loop("bob", """
                {"name": "Over budget", "instructions": "Help.", "model": "%s"}""".formatted(integration("bob")));
        as("bob").body("{\"monthlyTokens\": 1}").put("/v1/usage/budget").then().statusCode(200);
        try {
            JsonNode done = finished("bob", loopId, run("bob", loopId, "{\"input\": \"hello\"}")).path("attributes");

            assertThat(done.path("status").asText()).isEqualTo("failed");
            assertThat(done.path("error").asText()).startsWith("model call failed: BUDGET_EXCEEDED: ");
            assertThat(done.path("steps").get(0).path("error").asText()).startsWith("BUDGET_EXCEEDED");
            provider.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        } finally {
            as("bob").body("{\"monthlyTokens\": null}").put("/v1/usage/budget").then().statusCode(200);
        }
    }

    @Test
    void toolsOnPrivateAddressesAndBrokenSchemasAreRefusedOnSave() {
        String integration = integration("alice");
        for (String url : List.of("http://10.1.2.3/orders", "http://169.254.169.254/latest/meta-data",
                "http://[::ffff:192.168.0.1]/x")) {
            as("alice").body("""
                    {"name": "Sneaky", "instructions": "x", "model": "%s",
                     "tools": [{"type": "http", "name": "peek", "url": "%s", "parameters": {"type": "object"}}]}"""
                    .formatted(integration, url))
                    .post("/v1/agent-loops").then().statusCode(400)
                    .body("code", is("VALIDATION_ERROR"))
                    .body("errors[0].field", is("tools[0].url"));
        }
        as("alice").body("""
                {"name": "Bad schema", "instructions": "x", "model": "%s",
                 "tools": [{"type": "http", "name": "t", "url": "%s/x",
                            "parameters": {"type": "object", "properties": {"a": {"type": "strng"}}}}]}"""
                .formatted(integration, provider.baseUrl()))
                .post("/v1/agent-loops").then().statusCode(400)
                .body("errors[0].field", is("tools[0].parameters"));
        as("alice").body("""
                {"name": "Array tool", "instructions": "x", "model": "%s",
                 "tools": [{"type": "http", "name": "t", "url": "%s/x", "parameters": {"type": "array"}}]}"""
                .formatted(integration, provider.baseUrl()))
                .post("/v1/agent-loops").then().statusCode(400)
                .body("errors[0].message", is("must be a schema of type object"));
        as("alice").body("""
                {"name": "Caps", "instructions": "x", "model": "%s", "maxIterations": 0, "timeoutSeconds": 99999}"""
                .formatted(integration))
                .post("/v1/agent-loops").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("maxIterations", "timeoutSeconds"));
        as("alice").body("""
                {"name": "Unknown model", "instructions": "x", "model": "no-such-model"}""")
                .post("/v1/agent-loops").then().statusCode(400).body("code", is("INVALID_MODEL"));
    }

    /**
     * A NUL (which PostgreSQL cannot store) at either end of a value is a 400 INVALID_CHARACTER, and a tool URL ending
     * in a control character is not a URL: trimming used to take them away and store the rest. Whitespace is still
     * trimmed.
     */
    @Test
    void aNulOrControlCharacterAtEitherEndIsRefusedNotTrimmedAway() {
        String integration = integration("alice");
        for (String name : List.of("Nul loop\\u0000", "\\u0000Nul loop")) {
            as("alice").body("""
                    {"name": "%s", "instructions": "x", "model": "%s"}""".formatted(name, integration))
                    .post("/v1/agent-loops").then().statusCode(400).contentType("application/problem+json")
                    .body("code", is("INVALID_CHARACTER"));
        }
        for (String url : List.of(provider.baseUrl() + "/orders\\u0001", "\\u0001" + provider.baseUrl() + "/orders")) {
            as("alice").body("""
                    {"name": "Control", "instructions": "x", "model": "%s",
                     "tools": [{"type": "http", "name": "t", "method": "GET", "url": "%s", "parameters": {"type": "object"}}]}"""
                    .formatted(integration, url))
                    .post("/v1/agent-loops").then().statusCode(400).body("code", is("VALIDATION_ERROR"))
                    .body("errors[0].field", is("tools[0].url"));
        }
        String id = loop("alice", """
                {"name": "  Spaced \\t", "instructions": " x ", "model": " %s ",
                 "tools": [{"type": "http", "name": "t", "method": "GET", "url": " %s/orders ", "parameters": {"type": "object"}}]}"""
                .formatted(integration, provider.baseUrl()));
        as("alice").get("/v1/agent-loops/" + id).then().statusCode(200)
                .body("data.attributes.name", is("Spaced"))
                .body("data.attributes.model", is(integration))
                .body("data.attributes.tools[0].url", is(provider.baseUrl() + "/orders"));
    }

    @Test
    void knowledgeBaseSearchAsksBotServiceWithAServiceTokenForTheTenant() {
        String kb = Ids.generate("kb");
        BotServiceFake.knowsKnowledgeBase(botService, "tnt_acme", kb);
        String loopId = loop("alice", """
                {"name": "Docs", "instructions": "Answer from the docs.", "model": "%s",
                 "tools": [{"type": "knowledge_base", "name": "search_docs", "knowledgeBaseId": "%s", "topK": 2}]}"""
                .formatted(integration("alice"), kb));
        botService.stubFor(post("/v1/knowledge-bases/" + kb + "/query").willReturn(okJson("""
                {"data": [{"id": "chk_1", "type": "passage", "attributes": {"text": "Refunds within 30 days.", "score": 0.91}}]}""")));
        script(toolCall("call_kb", "search_docs", "{\"query\":\"refund policy\"}", 20, 5),
                answer("You can get a refund within 30 days.", 40, 10));

        JsonNode done = finished("alice", loopId, run("alice", loopId, "{\"input\": \"Can I get a refund?\"}"))
                .path("attributes");

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(read(done.path("steps").get(1).path("result").asText())).isEqualTo(read("""
                [{"id": "chk_1", "type": "passage", "attributes": {"text": "Refunds within 30 days.", "score": 0.91}}]"""));
        botService.verify(1, postRequestedFor(urlEqualTo("/v1/knowledge-bases/" + kb + "/query"))
                .withHeader("Authorization", matching("Bearer .+"))
                .withHeader("X-Parley-Tenant-Id", equalTo("tnt_acme"))
                .withRequestBody(equalToJson("{\"query\": \"refund policy\", \"topK\": 2}")));
    }

    @Test
    void aKnowledgeBaseThatBotServiceNoLongerKnowsIsAToolError() {
        String kb = Ids.generate("kb");
        BotServiceFake.knowsKnowledgeBase(botService, "tnt_acme", kb); // when the loop was saved; deleted since
        String loopId = loop("alice", """
                {"name": "Docs", "instructions": "x", "model": "%s",
                 "tools": [{"type": "knowledge_base", "name": "search_docs", "knowledgeBaseId": "%s"}]}"""
                .formatted(integration("alice"), kb));
        botService.stubFor(post("/v1/knowledge-bases/" + kb + "/query").willReturn(aResponse().withStatus(404)));
        script(toolCall("call_kb", "search_docs", "{\"query\":\"x\"}", 5, 5), answer("Sorry.", 5, 5));

        JsonNode done = finished("alice", loopId, run("alice", loopId, "{\"input\": \"x\"}")).path("attributes");

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("steps").get(1).path("error").asText()).isEqualTo("knowledge base " + kb + " does not exist");
    }

    @Test
    void aKnowledgeBaseToolNamingAnotherTenantsKnowledgeBaseIsRefusedLikeAMissingOne() {
        String theirs = Ids.generate("kb");
        String ours = Ids.generate("kb");
        BotServiceFake.knowsKnowledgeBase(botService, "tnt_globex", theirs);
        BotServiceFake.knowsKnowledgeBase(botService, "tnt_acme", ours);
        String loop = """
                {"name": "Docs", "instructions": "x", "model": "%s",
                 "tools": [{"type": "knowledge_base", "name": "search_docs", "knowledgeBaseId": "%s"}]}""";
        String model = integration("alice");

        as("alice").body(loop.formatted(model, theirs)).post("/v1/agent-loops").then().statusCode(404)
                .contentType("application/problem+json").body("code", is("KNOWLEDGE_BASE_NOT_FOUND"));
        String loopId = loop("alice", loop.formatted(model, ours));
        as("alice").body("""
                {"tools": [{"type": "knowledge_base", "name": "search_docs", "knowledgeBaseId": "%s"}]}""".formatted(theirs))
                .patch("/v1/agent-loops/" + loopId).then().statusCode(404).body("code", is("KNOWLEDGE_BASE_NOT_FOUND"));
        as("alice").get("/v1/agent-loops/" + loopId).then().statusCode(200)
                .body("data.attributes.tools[0].knowledgeBaseId", is(ours));
        botService.verify(getRequestedFor(urlEqualTo("/v1/knowledge-bases/" + theirs))
                .withHeader("X-Parley-Tenant-Id", equalTo("tnt_acme")));
    }

    @Test
    void theTransferToolAsksRoutingForAPersonOnTheConversation() {
        String team = Ids.generate("team");
        String conversation = Ids.generate("conv");
        String loopId = loop("alice", """
                {"name": "Escalate", "instructions": "Transfer angry customers.", "model": "%s",
                 "tools": [{"type": "transfer", "name": "transfer_to_agent", "teamId": "%s"}]}"""
                .formatted(integration("alice"), team));
        script(toolCall("call_tr", "transfer_to_agent", "{\"reason\":\"wants a refund\",\"notes\":\"VIP customer\"}", 20, 5),
                answer("A colleague will take over.", 30, 5));

        try (KafkaProbe events = KafkaProbe.tail(Topics.AGENT_LOOPS)) {
            JsonNode done = finished("alice", loopId, run("alice", loopId, """
                    {"input": "I want my money back!", "conversationId": "%s", "botId": "%s"}"""
                    .formatted(conversation, botId))).path("attributes");

            assertThat(done.path("status").asText()).isEqualTo("completed");
            ConsumerRecord<String, String> handoff = events.await(r ->
                    HandoffRequested.TYPE.equals(KafkaProbe.header(r, "ce_type"))
                            && conversation.equals(r.key()), Duration.ofSeconds(10))
                    .orElseThrow(() -> new AssertionError("no handoff.requested event"));
            assertThat(read(handoff.value())).isEqualTo(read("""
                    {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "teamId": "%s",
                     "reason": "wants a refund", "notes": "VIP customer"}""".formatted(conversation, botId, team)));
        }
        script(toolCall("call_tr", "transfer_to_agent", "{\"reason\":\"x\"}", 5, 5), answer("ok", 5, 5));
        JsonNode without = finished("alice", loopId, run("alice", loopId, "{\"input\": \"x\"}")).path("attributes");
        assertThat(without.path("steps").get(1).path("error").asText())
                .isEqualTo("this execution has no conversation to transfer");
    }

    @Test
    void aRunningExecutionCanBeCancelled() {
        String loopId = loop("alice", """
                {"name": "Slow", "instructions": "x", "model": "%s", "tools": %s}"""
                .formatted(integration("alice"), orderTools()));
        provider.stubFor(post("/stock").willReturn(okJson("{}").withFixedDelay(10_000)));
        script(toolCall("call_c", "check_stock", "{\"sku\":\"S\"}", 5, 5), answer("never", 1, 1));
        String executionId = run("alice", loopId, "{\"input\": \"x\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> provider.findAll(postRequestedFor(urlEqualTo("/stock"))).size() == 1);

        long start = System.nanoTime();
        as("alice").post("/v1/agent-loops/" + loopId + "/executions/" + executionId + "/cancel")
                .then().statusCode(202);
        JsonNode done = finished("alice", loopId, executionId).path("attributes");

        assertThat(done.path("status").asText()).isEqualTo("cancelled");
        assertThat(done.path("error").asText()).isEqualTo("cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        as("alice").post("/v1/agent-loops/" + loopId + "/executions/" + executionId + "/cancel")
                .then().statusCode(409).body("code", is("EXECUTION_FINISHED"));
    }

    @Test
    void executionsAbandonedByAStoppedGatewayEndFailedWithTheReason() {
        String loopId = loop("alice", """
                {"name": "Crashed", "instructions": "x", "model": "%s"}""".formatted(integration("alice")));
        String abandoned = Ids.generate("exe");
        String alive = Ids.generate("exe");
        String renewed = Ids.generate("exe");
        QuarkusTransaction.requiringNew().run(() -> {
            insertExecution(abandoned, loopId, "running", Instant.now().minus(Duration.ofMinutes(10)));
            insertExecution(alive, loopId, "running", Instant.now());
            insertExecution(renewed, loopId, "queued", Instant.now().minus(Duration.ofMinutes(10)));
        });
        // the gateway working on one confirms it, as its heartbeat does every few seconds
        store.heartbeat(List.of(renewed));

        try (KafkaProbe events = KafkaProbe.tail(Topics.AGENT_LOOPS)) {
            recovery.recover();

            JsonNode ended = execution("alice", loopId, abandoned).path("attributes");
            assertThat(ended.path("status").asText()).isEqualTo("failed");
            assertThat(ended.path("error").asText()).isEqualTo("interrupted by a gateway restart");
            assertThat(ended.path("finishedAt").isNull()).isFalse();
            assertThat(execution("alice", loopId, alive).path("attributes").path("status").asText()).isEqualTo("running");
            assertThat(execution("alice", loopId, renewed).path("attributes").path("status").asText()).isEqualTo("queued");
            assertThat(events.await(r -> AgentLoopFinishedEvent.FAILED.equals(KafkaProbe.header(r, "ce_type"))
                    && read(r.value()).path("executionId").asText().equals(abandoned), Duration.ofSeconds(10))).isPresent();
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                    "update agent_execution set status = 'cancelled' where id in (?1, ?2)").setParameter(1, alive)
                    .setParameter(2, renewed).executeUpdate());
        }
    }

    private void insertExecution(String id, String loopId, String status, Instant heartbeat) {
        entityManager.createNativeQuery("""
                insert into agent_execution (id, tenant_id, loop_id, status, input, variables, created_at, started_at,
                                             heartbeat_at)
                values (?1, 'tnt_acme', ?2, ?3, 'x', '{}'::jsonb, ?4, ?4, ?4)""")
                .setParameter(1, id).setParameter(2, loopId).setParameter(3, status).setParameter(4, heartbeat)
                .executeUpdate();
    }

    @Test
    void creatingWithAnIdempotencyKeyCreatesOnce() {
        String body = """
                {"name": "Once", "instructions": "x", "model": "%s", "tools": %s}""".formatted(integration("alice"), orderTools());
        String key = UUID.randomUUID().toString();
        String first = as("alice").header("Idempotency-Key", key).body(body).post("/v1/agent-loops")
                .then().statusCode(201).extract().path("data.id");
        as("alice").header("Idempotency-Key", key).body(body).post("/v1/agent-loops")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("data.id", is(first));
        as("alice").header("Idempotency-Key", key).body(body.replace("shop-secret-1", "shop-secret-2"))
                .post("/v1/agent-loops").then().statusCode(422).body("code", is("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void anotherTenantCanNeitherSeeNorRunALoop() {
        String loopId = loop("alice", """
                {"name": "Private", "instructions": "x", "model": "%s"}""".formatted(integration("alice")));
        script(answer("hi", 1, 1));
        String executionId = run("alice", loopId, "{\"input\": \"x\"}");
        finished("alice", loopId, executionId);

        as("bob").get("/v1/agent-loops/" + loopId).then().statusCode(404).body("code", is("AGENT_LOOP_NOT_FOUND"));
        as("bob").body("{\"input\": \"x\"}").post("/v1/agent-loops/" + loopId + "/run")
                .then().statusCode(404).body("code", is("AGENT_LOOP_NOT_FOUND"));
        as("bob").get("/v1/agent-loops/" + loopId + "/executions").then().statusCode(404);
        as("bob").get("/v1/agent-loops/" + loopId + "/executions/" + executionId)
                .then().statusCode(404).body("code", is("EXECUTION_NOT_FOUND"));
        as("bob").post("/v1/agent-loops/" + loopId + "/executions/" + executionId + "/cancel").then().statusCode(404);
        as("bob").body("{\"name\": \"mine\"}").patch("/v1/agent-loops/" + loopId).then().statusCode(404);
        as("bob").delete("/v1/agent-loops/" + loopId).then().statusCode(404);
        as("bob").get("/v1/agent-loops").then().statusCode(200)
                .body("data.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(loopId)));
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));

        // an agent may read loops but neither change nor run them
        as("agnes").get("/v1/agent-loops/" + loopId).then().statusCode(200);
        as("agnes").body("{\"input\": \"x\"}").post("/v1/agent-loops/" + loopId + "/run").then().statusCode(403);

        as("alice").delete("/v1/agent-loops/" + loopId).then().statusCode(204);
        as("alice").get("/v1/agent-loops/" + loopId).then().statusCode(404);
        as("alice").get("/v1/agent-loops/" + loopId + "/executions/" + executionId).then().statusCode(404);
    }
}
