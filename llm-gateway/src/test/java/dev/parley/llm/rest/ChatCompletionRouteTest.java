package dev.parley.llm.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.apikey.ApiKeyEvent;
import dev.parley.platform.id.Ids;
import dev.parley.platform.security.ApiKeys;
import dev.parley.platform.security.Scopes;
import dev.parley.platform.problem.ProblemMappers;
import dev.parley.platform.testing.Keycloak;
import dev.parley.platform.testing.TestApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the REST layer gave every endpoint, kept by the chat completions route that Vert.x serves itself. */
@QuarkusTest
class ChatCompletionRouteTest {

    static final String CHAT = "/v1/chat/completions";

    @Inject
    ObjectMapper json;

    /** Real Redis: a key on the free plan may make 60 requests a minute, chat completions included. */
    @Test
    void anApiKeysCallsCountAgainstItsPlansRateLimit() throws Exception {
        String secret = ApiKeys.generate();
        ApiKeyEvent key = new ApiKeyEvent(Ids.generate("key"), "tnt_acme", ApiKeys.hash(secret), Set.of(Scopes.LLM_USE),
                "free", null, null);
        TestApiKeys.publish(json, key, ApiKeyEvent.ISSUED, Ids.generate("evt"));
        String bearer = "Bearer " + secret;
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().header("Authorization", bearer).get("/v1/models").statusCode() == 200);

        List<Response> responses = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 65; i++) {
                sent.add(clients.submit(() -> given().header("Authorization", bearer).contentType("application/json")
                        .body(ChatCompletionApiKeyTest.RETRIEVAL).post(CHAT)));
            }
            for (Future<Response> response : sent) {
                responses.add(response.get());
            }
        } finally {
            clients.shutdown();
        }
        List<Response> passed = responses.stream().filter(r -> r.statusCode() == 200).toList();
        List<Response> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        // the readiness probe above spent one request of the window
        assertThat(passed).hasSize(59);
        assertThat(refused).hasSize(6);
        assertThat(passed.get(0).jsonPath().getString("choices[0].message.content")).contains("3 to 5 business days");
        assertThat(passed.get(0).header("RateLimit-Limit")).isEqualTo("60");
        assertThat(passed.stream().map(r -> Integer.parseInt(r.header("RateLimit-Remaining"))).toList())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 59).boxed().toList());
        Response limited = refused.get(0);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("code")).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.header("RateLimit")).matches("limit=60, remaining=0, reset=\\d+");
    }

    @Test
    void aBodyThatIsNotJsonIsAProblem() {
        given().header("Authorization", Keycloak.bearer("alice")).contentType("text/plain").body("hello").post(CHAT)
                .then().statusCode(415).contentType("application/problem+json").body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("detail", equalTo(ProblemMappers.UNSUPPORTED_MEDIA_TYPE)); // as every service says it
        given().header("Authorization", Keycloak.bearer("alice")).header("Content-Type", "not a media type;;").body("{}".getBytes()).post(CHAT)
                .then().statusCode(415).contentType("application/problem+json").body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json").body("{\"model\": ").post(CHAT)
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("MALFORMED_JSON"));
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json; charset=utf-8")
                .body(ChatCompletionApiKeyTest.RETRIEVAL).post(CHAT).then().statusCode(200);
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(1_100_000) + "\"}]}")
                .post(CHAT).then().statusCode(413).contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    /** A body sent in chunks (no Content-Length) over the size limit is refused as any other, with a problem. */
    @Test
    void aChunkedBodyOverTheLimitIsAProblem() throws Exception {
        try (java.net.Socket client = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            client.setSoTimeout(10_000);
            var out = client.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + Keycloak.bearer("alice")
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes());
            byte[] piece = "x".repeat(64 * 1024).getBytes();
            try {
                for (int i = 0; i < 20; i++) {
                    out.write((Integer.toHexString(piece.length) + "\r\n").getBytes());
                    out.write(piece);
                    out.write("\r\n".getBytes());
                }
                out.write("0\r\n\r\n".getBytes());
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server may answer and close before the whole body is sent
            }
            String answer = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("application/problem+json").contains("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void aStreamedAnswerArrivesAsServerSentEventsEndingWithDone() {
        String body = ChatCompletionApiKeyTest.RETRIEVAL.replace("\"model\": \"retrieval\"", "\"model\": \"retrieval\", \"stream\": true");
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json").body(body).post(CHAT)
                .then().statusCode(200).contentType(startsWith("text/event-stream")).header("Cache-Control", "no-cache")
                .body(org.hamcrest.Matchers.endsWith("data: [DONE]\n\n"));
    }

    @Test
    void theRouteIsInTheOpenApiDocumentWithItsExampleAndSecurity() throws Exception {
        JsonNode document = json.readTree(given().accept("application/json").get("/q/openapi").asString());
        JsonNode create = document.path("paths").path(CHAT).path("post");
        assertThat(create.path("summary").asText()).isEqualTo("Create a chat completion (OpenAI-compatible)");
        assertThat(create.path("tags").toString()).contains("Chat");
        assertThat(create.path("security").toString()).contains("SecurityScheme");
        assertThat(create.path("requestBody").path("content").path("application/json").path("examples")
                .path("retrieval").path("value").toString()).contains("retrieval");
        assertThat(create.path("responses").has("200")).isTrue();
    }
}
