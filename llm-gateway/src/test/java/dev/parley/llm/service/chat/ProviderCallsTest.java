package dev.parley.llm.service.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.parley.events.llm.IntegrationFailedEvent;
import dev.parley.events.Topics;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import dev.parley.llm.testing.BotServiceFake;
import dev.parley.llm.testing.ProviderFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chat completions and embeddings against fake providers (WireMock), through the real LangChain4j clients. The
 * test profile allows loopback addresses and shortens the time limits (application.properties, {@code %test}).
 */
@QuarkusTest
@QuarkusTestResource(ProviderFake.class)
class ProviderCallsTest {

    @ProviderFake.InjectProvider
    WireMockServer provider;

    @BotServiceFake.InjectBotService
    WireMockServer botService;

    @Inject
    ObjectMapper json;

    /** Each test talks to its own integration, so tenants' usage and health counts never mix between tests. */
    String providerKey;
    String botId;

    @BeforeEach
    void reset() {
        provider.resetAll();
        providerKey = "sk-test-" + UUID.randomUUID();
        botId = Ids.generate("bot");
        BotServiceFake.knowsBot(botService, "tnt_acme", botId);
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user)).contentType("application/json");
    }

    /** A bot-scoped OpenAI integration pointing at the fake provider. */
    String integration(String defaultModel, String... fallbacks) {
        return as("alice").body("""
                {"name": "fake openai", "provider": "openai", "apiKey": "%s", "botId": "%s",
                 "baseUrl": "%s/v1", "defaultModel": "%s", "fallbackModels": %s}"""
                .formatted(providerKey, botId, provider.baseUrl(), defaultModel, json.valueToTree(List.of(fallbacks))))
                .post("/v1/integrations").then().statusCode(201).extract().path("data.id");
    }

    RequestSpecification chatAs(String user) {
        return as(user).header("X-Parley-Bot-Id", botId);
    }

    static String completion(String model, String content, int promptTokens, int completionTokens) {
        return """
                {"id": "chatcmpl-fake1", "object": "chat.completion", "created": 1700000000, "model": "%s",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}"""
                .formatted(model, content, promptTokens, completionTokens, promptTokens + completionTokens);
    }

    @Test
    void sendsTheProviderExactlyTheRequestAndAnswersInOpenAiShape() {
        integration("gpt-4o-mini");
        provider.stubFor(post("/v1/chat/completions").willReturn(okJson(completion("gpt-4o-mini", "Paris.", 21, 2))));

        chatAs("alice").body("""
                {"model": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 50, "stop": ["\\n\\n"],
                 "messages": [{"role": "system", "content": "Answer briefly."},
                              {"role": "user", "content": [{"type": "text", "text": "Capital of France?"}]}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("object", org.hamcrest.Matchers.equalTo("chat.completion"))
                .body("model", org.hamcrest.Matchers.equalTo("gpt-4o-mini"))
                .body("choices[0].message.role", org.hamcrest.Matchers.equalTo("assistant"))
                .body("choices[0].message.content", org.hamcrest.Matchers.equalTo("Paris."))
                .body("choices[0].finish_reason", org.hamcrest.Matchers.equalTo("stop"))
                .body("usage.prompt_tokens", org.hamcrest.Matchers.equalTo(21))
                .body("usage.completion_tokens", org.hamcrest.Matchers.equalTo(2))
                .body("usage.total_tokens", org.hamcrest.Matchers.equalTo(23));

        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + providerKey))
                .withRequestBody(equalToJson("""
                        {"model": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 50, "stop": ["\\n\\n"], "stream": false,
                         "messages": [{"role": "system", "content": "Answer briefly."},
                                      {"role": "user", "content": "Capital of France?"}]}""")));
    }

    @Test
    void streamsTheProvidersPiecesInOrderAsOpenAiChunks() throws Exception {
        integration("gpt-4o-mini");
        StringBuilder sse = new StringBuilder();
        for (String piece : List.of("Hel", "lo", " wor", "ld")) {
            sse.append(chunk("{\"content\": \"" + piece + "\"}", null));
        }
        sse.append(chunk("{}", "\"stop\""));
        sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}\n\n");
        sse.append("data: [DONE]\n\n");
        provider.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(sse.toString())));

        Response response = chatAs("alice").body("""
                {"model": "gpt-4o-mini", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "Say hello world"}]}""")
                .post("/v1/chat/completions");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        List<JsonNode> chunks = events(response.asString());
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks).extracting(c -> c.path("choices").path(0).path("delta").path("content").asText(null))
                .filteredOn(java.util.Objects::nonNull).containsExactly("Hel", "lo", " wor", "ld");
        assertThat(chunks.getFirst().path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = chunks.getLast();
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("total_tokens").asInt()).isEqualTo(13);
        assertThat(response.asString()).endsWith("data: [DONE]\n\n");
        assertThat(chunks).extracting(c -> c.path("id").asText()).containsOnly(chunks.getFirst().path("id").asText());

        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
        as("alice").queryParam("groupBy", "bot").get("/v1/usage").then().statusCode(200)
                .body("data.find { it.id == '%s' }.attributes.totalTokens".formatted(botId), org.hamcrest.Matchers.equalTo(13));
    }

    @Test
    void aStreamIsRecordedFromTheUsageItAskedForEvenWhenTheClientDidNot() {
        integration("gpt-4o-mini");
        String sse = "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                + chunk("{}", "\"stop\"")
                + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}\n\n"
                + "data: [DONE]\n\n";
        provider.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(sse)));

        Response response = chatAs("alice").body("""
                {"model": "gpt-4o-mini", "stream": true, "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions");

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> chunks = events(response.asString());
        assertThat(chunks).hasSize(2).noneSatisfy(c -> assertThat(c.has("usage")).isTrue());
        assertThat(response.asString()).endsWith("data: [DONE]\n\n");
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
        as("alice").queryParam("groupBy", "bot").get("/v1/usage").then().statusCode(200)
                .body("data.find { it.id == '%s' }.attributes.totalTokens".formatted(botId), org.hamcrest.Matchers.equalTo(6));
    }

    @Test
    void toolCallsMakeTheRoundTrip() {
        integration("gpt-4o");
        provider.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]",
                        com.github.tomakehurst.wiremock.client.WireMock.absent()))
                .willReturn(okJson("""
                        {"id": "chatcmpl-t1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
                         "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
                           "content": null, "tool_calls": [{"id": "call_42", "type": "function",
                           "function": {"name": "order_status", "arguments": "{\\"orderId\\":\\"A-17\\"}"}}]}}],
                         "usage": {"prompt_tokens": 40, "completion_tokens": 12, "total_tokens": 52}}""")));
        provider.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
                .willReturn(okJson(completion("gpt-4o", "Order A-17 has shipped.", 60, 7))));
        String tools = """
                [{"type": "function", "function": {"name": "order_status", "description": "Status of an order",
                  "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}}, "required": ["orderId"]}}}]""";

        chatAs("alice").body("""
                {"model": "gpt-4o", "tools": %s, "messages": [{"role": "user", "content": "Where is order A-17?"}]}"""
                .formatted(tools))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("choices[0].finish_reason", org.hamcrest.Matchers.equalTo("tool_calls"))
                .body("choices[0].message.content", nullValue())
                .body("choices[0].message.tool_calls[0].id", org.hamcrest.Matchers.equalTo("call_42"))
                .body("choices[0].message.tool_calls[0].type", org.hamcrest.Matchers.equalTo("function"))
                .body("choices[0].message.tool_calls[0].function.name", org.hamcrest.Matchers.equalTo("order_status"))
                .body("choices[0].message.tool_calls[0].function.arguments", org.hamcrest.Matchers.equalTo("{\"orderId\":\"A-17\"}"));
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                {"tools": [{"type": "function", "function": {"name": "order_status", "description": "Status of an order",
                  "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}}, "required": ["orderId"]}}}]}""",
                true, true)));

        chatAs("alice").body("""
                {"model": "gpt-4o", "tools": %s, "messages": [
                  {"role": "user", "content": "Where is order A-17?"},
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_42", "type": "function",
                    "function": {"name": "order_status", "arguments": "{\\"orderId\\":\\"A-17\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_42", "content": "{\\"status\\":\\"shipped\\"}"}]}"""
                .formatted(tools))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("choices[0].message.content", org.hamcrest.Matchers.equalTo("Order A-17 has shipped."));
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                {"messages": [{"role": "user", "content": "Where is order A-17?"},
                  {"role": "assistant", "tool_calls": [{"id": "call_42", "type": "function",
                    "function": {"name": "order_status", "arguments": "{\\"orderId\\":\\"A-17\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_42", "content": "{\\"status\\":\\"shipped\\"}"}]}""",
                true, true)));
    }

    @Test
    void aToolMessageMustAnswerAnEarlierToolCall() {
        integration("gpt-4o");
        chatAs("alice").body("""
                {"model": "gpt-4o", "messages": [{"role": "tool", "tool_call_id": "call_1", "content": "x"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("messages[0].tool_call_id"));
        assertThat(provider.getAllServeEvents()).isEmpty();
    }

    @Test
    void aSlowProviderTimesOutAfterItsRetriesInsteadOfHanging() {
        integration("gpt-4o-mini");
        provider.stubFor(post("/v1/chat/completions").willReturn(okJson(completion("gpt-4o-mini", "late", 1, 1))
                .withFixedDelay(3_000)));

        long start = System.nanoTime();
        chatAs("alice").body("""
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(504).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("PROVIDER_TIMEOUT"));
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertThat(seconds).as("two attempts of 2 s, not the provider's 3 s each").isLessThan(6);
        provider.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void retriesThenFallsBackToTheNextModel() {
        integration("gpt-4o", "gpt-4o-mini");
        provider.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\": {\"message\": \"overloaded\"}}")));
        provider.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .willReturn(okJson(completion("gpt-4o-mini", "From the fallback.", 5, 4))));

        chatAs("alice").body("""
                {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("model", org.hamcrest.Matchers.equalTo("gpt-4o-mini"))
                .body("choices[0].message.content", org.hamcrest.Matchers.equalTo("From the fallback."));

        provider.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini"))));
    }

    @Test
    void providerErrorsBecomeClearProblems() throws Exception {
        integration("gpt-4o-mini");
        String body = """
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""";

        provider.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": {\"message\": \"Incorrect API key provided: " + providerKey + "\"}}")));
        String refused = chatAs("alice").body(body).post("/v1/chat/completions")
                .then().statusCode(502).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("PROVIDER_AUTHENTICATION_FAILED"))
                .body("detail", containsString("PATCH /v1/integrations"))
                .extract().asString();
        assertThat(refused).doesNotContain(providerKey);
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));

        provider.resetAll();
        provider.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withBody("{\"error\": {\"message\": \"Rate limit reached for requests\"}}")));
        chatAs("alice").body(body).post("/v1/chat/completions")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("code", org.hamcrest.Matchers.equalTo("PROVIDER_RATE_LIMITED"))
                .body("detail", containsString("Rate limit reached"));
        provider.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));

        provider.resetAll();
        provider.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500).withBody("boom")));
        chatAs("alice").body(body).post("/v1/chat/completions")
                .then().statusCode(502).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("PROVIDER_ERROR"));

        provider.resetAll();
        provider.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\": {\"message\": \"Invalid value for 'temperature'\"}}")));
        chatAs("alice").body(body).post("/v1/chat/completions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("PROVIDER_REJECTED_REQUEST"))
                .body("detail", containsString("Invalid value for 'temperature'"));
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("target/quarkus-test.log"))).doesNotContain(providerKey);
    }

    @Test
    void repeatedFailuresEmitIntegrationFailedOnce() {
        String integration = integration("gpt-4o-mini");
        provider.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(401)));
        try (KafkaProbe events = KafkaProbe.tail(Topics.LLM_INTEGRATIONS)) {
            for (int i = 0; i < 4; i++) {
                chatAs("alice").body("""
                        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""")
                        .post("/v1/chat/completions").then().statusCode(502);
            }
            List<JsonNode> failed = new ArrayList<>();
            events.drain(Duration.ofSeconds(5)).stream()
                    .filter(r -> IntegrationFailedEvent.TYPE.equals(KafkaProbe.header(r, "ce_type")))
                    .map(r -> read(r.value()))
                    .filter(e -> e.path("integrationId").asText().equals(integration))
                    .forEach(failed::add);
            assertThat(failed).hasSize(1);
            assertThat(failed.getFirst().path("tenantId").asText()).isEqualTo("tnt_acme");
            assertThat(failed.getFirst().path("botId").asText()).isEqualTo(botId);
            assertThat(failed.getFirst().path("consecutiveFailures").asInt()).isEqualTo(3);
            assertThat(failed.getFirst().path("lastError").asText()).isEqualTo("authentication");
        }
        as("alice").get("/v1/integrations/" + integration).then().statusCode(200)
                .body("data.attributes.consecutiveFailures", org.hamcrest.Matchers.equalTo(4));

        provider.stubFor(post("/v1/chat/completions").willReturn(okJson(completion("gpt-4o-mini", "ok", 1, 1))));
        chatAs("alice").body("""
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions").then().statusCode(200);
        as("alice").get("/v1/integrations/" + integration).then().statusCode(200)
                .body("data.attributes.consecutiveFailures", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void capsAndBudgetsRefuseBeforeAnyProviderCall() {
        integration("gpt-4o-mini");
        chatAs("alice").body("""
                {"model": "gpt-4o-mini", "max_tokens": 100000, "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("max_tokens"));
        chatAs("alice").body("""
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "%s"}]}""".formatted("x".repeat(400_001)))
                .post("/v1/chat/completions")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("messages"));
        chatAs("alice").body("""
                {"model": "gpt-4o-mini", "n": 2, "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("n"));
        assertThat(provider.getAllServeEvents()).isEmpty();
    }

    @Test
    void aTenantOverItsTokenBudgetIsRefusedWithoutAProviderCall() {
        as("bob").body("""
                {"name": "globex openai", "provider": "openai", "apiKey": "sk-globex", "baseUrl": "%s/v1",
                 "defaultModel": "gpt-4o-mini"}""".formatted(provider.baseUrl()))
                .post("/v1/integrations").then().statusCode(201);
        as("bob").body("{\"monthlyTokens\": 10}").put("/v1/usage/budget").then().statusCode(200);
        try {
            as("bob").body("""
                    {"model": "gpt-4o-mini", "max_tokens": 20, "messages": [{"role": "user", "content": "hi"}]}""")
                    .post("/v1/chat/completions")
                    .then().statusCode(429).contentType("application/problem+json")
                    .body("code", org.hamcrest.Matchers.equalTo("BUDGET_EXCEEDED"))
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue());
            assertThat(provider.getAllServeEvents()).isEmpty();
        } finally {
            as("bob").body("{\"monthlyTokens\": null}").put("/v1/usage/budget").then().statusCode(200);
        }
    }

    @Test
    void providerEmbeddingsGoToTheTenantsIntegration() {
        integration("text-embedding-3-small");
        provider.stubFor(post("/v1/embeddings").willReturn(okJson("""
                {"object": "list", "model": "text-embedding-3-small",
                 "data": [{"object": "embedding", "index": 0, "embedding": [0.25, -0.5, 0.125]}],
                 "usage": {"prompt_tokens": 4, "total_tokens": 4}}""")));

        chatAs("alice").body("""
                {"model": "text-embedding-3-small", "input": "Where is my order?", "dimensions": 3}""")
                .post("/v1/embeddings")
                .then().statusCode(200)
                .body("model", org.hamcrest.Matchers.equalTo("text-embedding-3-small"))
                .body("data[0].embedding", org.hamcrest.Matchers.contains(0.25f, -0.5f, 0.125f))
                .body("usage.prompt_tokens", org.hamcrest.Matchers.equalTo(4));
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings"))
                .withHeader("Authorization", equalTo("Bearer " + providerKey))
                .withRequestBody(equalToJson("""
                        {"model": "text-embedding-3-small", "input": ["Where is my order?"], "dimensions": 3}""", true, true)));
        as("alice").queryParam("groupBy", "bot").get("/v1/usage").then().statusCode(200)
                .body("data.find { it.id == '%s' }.attributes.totalTokens".formatted(botId), org.hamcrest.Matchers.equalTo(4));
    }

    @Test
    void aServiceTokenActsForTheTenantItNames() {
        String acmeIntegration = integration("gpt-4o-mini");
        provider.stubFor(post("/v1/chat/completions").willReturn(okJson(completion("gpt-4o-mini", "Hi!", 3, 2))));
        String conversation = Ids.generate("conv");

        given().header("Authorization", Keycloak.serviceBearer("conversation-service"))
                .header("X-Parley-Tenant-Id", "tnt_acme").header("X-Parley-Bot-Id", botId)
                .header("X-Parley-Conversation-Id", conversation).contentType("application/json")
                .body("""
                        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", org.hamcrest.Matchers.equalTo("Hi!"));
        as("alice").queryParam("groupBy", "bot").get("/v1/usage").then().statusCode(200)
                .body("data.find { it.id == '%s' }.attributes.totalTokens".formatted(botId), org.hamcrest.Matchers.equalTo(5));

        // Without naming a tenant a service token is bound to none; a person cannot borrow another tenant.
        given().header("Authorization", Keycloak.serviceBearer("conversation-service")).contentType("application/json")
                .body("""
                        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("TENANT_REQUIRED"));
        as("bob").body("""
                {"model": "%s", "messages": [{"role": "user", "content": "hi"}]}""".formatted(acmeIntegration))
                .post("/v1/chat/completions")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INTEGRATION_NOT_FOUND"));
        as("bob").header("X-Parley-Tenant-Id", "tnt_acme").body("""
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INTEGRATION_REQUIRED"));
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void anthropicIsCalledThroughItsOwnApi() {
        String key = "sk-ant-" + UUID.randomUUID();
        as("alice").body("""
                {"name": "fake anthropic", "provider": "anthropic", "apiKey": "%s", "botId": "%s", "baseUrl": "%s/v1",
                 "defaultModel": "claude-3-haiku"}""".formatted(key, botId, provider.baseUrl()))
                .post("/v1/integrations").then().statusCode(201);
        provider.stubFor(post("/v1/messages").willReturn(okJson("""
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-haiku",
                 "content": [{"type": "text", "text": "Bonjour."}], "stop_reason": "end_turn",
                 "usage": {"input_tokens": 12, "output_tokens": 3}}""")));

        chatAs("alice").body("""
                {"model": "claude-3-haiku", "max_tokens": 64, "messages": [{"role": "system", "content": "Speak French."},
                  {"role": "user", "content": "Hello"}]}""")
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("choices[0].message.content", org.hamcrest.Matchers.equalTo("Bonjour."))
                .body("usage.prompt_tokens", org.hamcrest.Matchers.equalTo(12))
                .body("usage.completion_tokens", org.hamcrest.Matchers.equalTo(3));
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo(key))
                .withRequestBody(equalToJson("""
                        {"model": "claude-3-haiku", "max_tokens": 64, "system": [{"type": "text", "text": "Speak French."}],
                         "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}]}""", true, true)));
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<JsonNode> events(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                events.add(read(line.substring(6)));
            }
        }
        return events;
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }
}
