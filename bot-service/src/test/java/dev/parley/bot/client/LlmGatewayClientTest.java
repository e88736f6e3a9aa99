package dev.parley.bot.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.parley.bot.testing.LlmGatewayProcess;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Bots are validated against the running gateway's catalogue (started by {@link LlmGatewayProcess} for every
 * bot-service test): models the seed's table never had are accepted because the gateway lists them, and
 * open providers take any model.
 */
@QuarkusTest
@QuarkusTestResource(LlmGatewayProcess.class)
class LlmGatewayClientTest {

    @Test
    void aBotIsValidatedAgainstTheGatewaysCatalogue() {
        String alice = Keycloak.bearer("alice");
        given().header("Authorization", alice).contentType("application/json")
                .body("{\"name\": \"Local\", \"provider\": \"ollama\", \"model\": \"any-local-model\"}")
                .post("/v1/bots").then().statusCode(201);
        given().header("Authorization", alice).contentType("application/json")
                .body("{\"name\": \"Haiku\", \"provider\": \"anthropic\", \"model\": \"claude-3-haiku\"}")
                .post("/v1/bots").then().statusCode(201);
        given().header("Authorization", alice).contentType("application/json")
                .body("{\"name\": \"Wrong\", \"provider\": \"anthropic\", \"model\": \"gpt-4o\"}")
                .post("/v1/bots").then().statusCode(400).body("code", equalTo("INVALID_MODEL"))
                .body("detail", org.hamcrest.Matchers.containsString("claude-3-opus"));
    }
}
