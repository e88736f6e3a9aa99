package dev.parley.llm.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.security.Scopes;
import dev.parley.platform.testing.TestApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm package, which nobody here wrote, talks to the gateway with a Parley API
 * key, exactly as a tenant's own code would (Node.js from the machine; the package from the npm registry).
 */
@QuarkusTest
class OpenAiClientTest {

    static final File CLIENT = new File("src/test/openai-client");

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void installClient() throws Exception {
        if (!new File(CLIENT, "node_modules/openai").isDirectory()) {
            run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(3));
        }
    }

    @Test
    void theOfficialClientGetsWellFormedEmbeddings() throws Exception {
        JsonNode result = json.readTree(node("embeddings.mjs", apiKey()));
        assertThat(result.path("model").asText()).isEqualTo("all-minilm-l6-v2");
        assertThat(result.path("count").asInt()).isEqualTo(2);
        assertThat(result.path("dimensions")).extracting(JsonNode::asInt).containsExactly(384, 384);
        assertThat(result.path("first").get(0).asDouble()).isBetween(-1.0, 1.0);
        assertThat(result.path("promptTokens").asInt()).isPositive();
    }

    @Test
    void theOfficialClientChatsPlainAndStreamed() throws Exception {
        JsonNode result = json.readTree(node("chat.mjs", apiKey()));
        String refunds = "Refunds are paid back to the original card within 14 days.";
        assertThat(result.path("object").asText()).isEqualTo("chat.completion");
        assertThat(result.path("role").asText()).isEqualTo("assistant");
        assertThat(result.path("content").asText()).isEqualTo(refunds);
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.path("promptTokens").asInt()).isPositive();
        assertThat(result.path("streamed").asText()).isEqualTo(refunds);
        assertThat(result.path("chunks").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(result.path("streamFinishReason").asText()).isEqualTo("stop");
        assertThat(result.path("streamTotalTokens").asInt()).isPositive();
    }

    private String apiKey() {
        String key = TestApiKeys.issue(json, Set.of(Scopes.LLM_USE));
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().header("Authorization", "Bearer " + key).get("/v1/models").statusCode() == 200);
        return key;
    }

    private static String node(String script, String apiKey) throws Exception {
        ProcessBuilder process = new ProcessBuilder("node", script);
        process.environment().put("PARLEY_BASE_URL", "http://127.0.0.1:" + RestAssured.port + "/v1");
        process.environment().put("PARLEY_API_KEY", apiKey);
        return run(process, Duration.ofSeconds(60));
    }

    private static String run(ProcessBuilder builder, Duration limit) throws Exception {
        Process process = builder.directory(CLIENT).redirectErrorStream(true).start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(builder.command() + " did not finish within " + limit);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(builder.command() + " said:\n" + output).isZero();
        return output.lines().reduce((first, last) -> last).orElse("");
    }
}
