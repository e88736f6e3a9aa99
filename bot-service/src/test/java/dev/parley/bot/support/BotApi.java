package dev.parley.bot.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.Set;

/** Small helpers the bot-service tests share: calling as someone, and creating what a test needs. */
public final class BotApi {

    public static RequestSpecification as(String authorization) {
        return given().header("Authorization", authorization).contentType("application/json");
    }

    public static String createBot(String authorization, String body) {
        return as(authorization).body(body).when().post("/v1/bots").then().statusCode(201).extract().path("data.id");
    }

    public static String minimalBot(String name) {
        return "{\"name\": \"" + name + "\", \"provider\": \"openai\", \"model\": \"gpt-4\"}";
    }

    /** Issues an API key as {@code admin} (a Keycloak bearer) and returns its secret. */
    public static String issueKey(String admin, Set<String> scopes) {
        String scopeList = String.join("\", \"", scopes);
        return as(admin).body("{\"name\": \"test key\", \"scopes\": [\"" + scopeList + "\"]}")
                .when().post("/v1/api-keys")
                .then().statusCode(201).extract().path("data.attributes.key");
    }

    private BotApi() {
    }
}
