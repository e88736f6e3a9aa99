package dev.parley.llm.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Null elements, null map values and very deep nesting in every body the gateway reads: each is refused as a problem
 * (4xx, problem+json), never a 500. Each case names the method, path and body.
 */
@QuarkusTest
class MalformedBodiesTest {

    record Case(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path + " " + (body.length() > 80 ? body.substring(0, 80) + "…" : body);
        }
    }

    static final String CHAT = "/v1/chat/completions";
    static final String DEEP = "[".repeat(2_000) + "]".repeat(2_000);

    static List<Case> bodies() {
        return List.of(
                new Case("POST", "/v1/integrations", """
                        {"name": "x", "provider": "openai", "apiKey": "k", "fallbackModels": [null]}"""),
                new Case("POST", "/v1/integrations", """
                        {"name": "x", "provider": "openai", "apiKey": "k", "fallbackModels": [["gpt-4o"]]}"""),
                new Case("POST", "/v1/integrations", "{\"name\": \"x\", \"provider\": \"openai\", \"apiKey\": " + DEEP + "}"),
                new Case("POST", "/v1/agent-loops", """
                        {"name": "x", "instructions": "x", "model": "retrieval", "tools": [null]}"""),
                new Case("POST", "/v1/agent-loops", """
                        {"name": "x", "instructions": "x", "model": "retrieval", "tools": [{"type": "http",
                         "name": "t", "method": "GET", "url": "https://example.com", "headers": [null]}]}"""),
                new Case("POST", "/v1/agent-loops", """
                        {"name": "x", "instructions": "x", "model": "retrieval", "tools": [{"type": "http",
                         "name": "t", "method": "GET", "url": "https://example.com", "headers": [{"name": null, "value": null}]}]}"""),
                new Case("POST", "/v1/agent-loops", """
                        {"name": "x", "instructions": "x", "model": "retrieval", "tools": [{"type": "http",
                         "name": "t", "method": "GET", "url": "https://example.com", "parameters": %s}]}""".formatted(DEEP)),
                new Case("POST", "/v1/agent-loops", """
                        {"name": "x", "instructions": "x", "model": "retrieval", "tools": [{"type": null, "name": null}]}"""),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [null]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": null, \"content\": null}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": [null]}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": null}]}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [null]}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"id\": null, \"function\": null}]}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": [null]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": [{\"type\": \"function\", \"function\": null}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\", \"parameters\": " + DEEP + "}}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"documents\": [null]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"documents\": [{\"id\": null, \"text\": null}]}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stop\": [null]}"),
                new Case("POST", CHAT, "{\"model\": null, \"messages\": null}"),
                new Case("POST", CHAT, "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"response_format\": " + DEEP + "}"),
                new Case("POST", "/v1/embeddings", "{\"input\": [null]}"),
                new Case("POST", "/v1/embeddings", "{\"input\": [\"a\", [null]]}"),
                new Case("POST", "/v1/embeddings", "{\"input\": " + DEEP + "}"),
                new Case("PUT", "/v1/usage/budget", "{\"monthlyTokens\": null, \"x\": " + DEEP + "}"));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void isRefusedAsAProblemNeverA500(Case c) {
        Response response = given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body(c.body()).request(c.method(), c.path());
        assertThat(response.statusCode()).as(c + " → " + response.asString()).isBetween(400, 499);
        assertThat(response.contentType()).as(c.toString()).startsWith("application/problem+json");
    }
}
