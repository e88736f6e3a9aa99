package dev.parley.llm.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModelResourceTest {

    @Test
    void listsAProvidersModelsWithContextAndPrices() {
        given().header("Authorization", Keycloak.bearer("dave")).queryParam("provider", "anthropic")
                .when().get("/v1/models")
                .then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(6))
                .body("data.attributes.model", contains("claude-3-5-haiku-latest", "claude-3-5-sonnet-latest",
                        "claude-3-7-sonnet-latest", "claude-3-haiku", "claude-3-opus", "claude-3-sonnet"))
                .body("data[4].id", equalTo("anthropic/claude-3-opus"))
                .body("data[4].attributes.contextWindow", equalTo(200000))
                .body("data[4].attributes.outputPerMillion", equalTo(75.00f));
    }

    @Test
    void pagesThroughTheCatalogue() {
        given().header("Authorization", Keycloak.bearer("dave")).queryParam("perPage", 2).queryParam("page", 2)
                .when().get("/v1/models")
                .then().statusCode(200)
                .body("data.size()", equalTo(2))
                .body("meta.pagination.page", equalTo(2))
                .body("meta.pagination.perPage", equalTo(2));
    }

    @Test
    void listsTheProvidersAndWhichModelsEachAccepts() {
        given().header("Authorization", Keycloak.bearer("dave")).when().get("/v1/models/providers")
                .then().statusCode(200)
                .body("data.id", contains("anthropic", "custom", "ollama", "openai", "retrieval"))
                .body("data[1].attributes.anyModel", equalTo(true))
                .body("data[3].attributes.anyModel", equalTo(false))
                .body("data[3].attributes.requiresApiKey", equalTo(true))
                .body("data[3].attributes.models", org.hamcrest.Matchers.hasItem("gpt-4o"));
    }
}
