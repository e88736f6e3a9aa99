package dev.parley.bot.testing;

import static io.restassured.RestAssured.given;

import dev.parley.platform.testing.KafkaProbe;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
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

    /** An event of tenant Acme on {@code topic} as another service publishes it (CloudEvents in Kafka headers). */
    public static void publish(String topic, String key, String type, String id, String data) {
        KafkaProbe.send(topic, key, data, Map.of("ce_id", id, "ce_type", type, "ce_source", "/test",
                "ce_specversion", "1.0", "ce_tenantid", "tnt_acme", "content-type", "application/json"));
    }

    private BotApi() {
    }
}
