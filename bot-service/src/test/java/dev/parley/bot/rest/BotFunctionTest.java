package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Functions on bots: JSON-Schema parameter definitions checked on save, each with an endpoint the guard accepts. */
@QuarkusTest
class BotFunctionTest {

    static final String ALICE = Keycloak.bearer("alice");

    static String bot(String parameters, String endpoint) {
        return """
                {"name": "Weather", "provider": "openai", "model": "gpt-4", "capabilities": {"functionCalling": true},
                 "functions": [{"name": "get_weather", "description": "Current weather in a city",
                                "parameters": %s, "endpoint": %s}]}""".formatted(parameters, endpoint);
    }

    static final String ENDPOINT = "{\"url\": \"https://93.184.215.14/weather\", \"method\": \"POST\"}";
    static final String SCHEMA = """
            {"type": "object", "properties": {"city": {"type": "string", "minLength": 1},
             "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
             "days": {"$ref": "#/$defs/days"}}, "required": ["city"], "$defs": {"days": {"type": "integer", "minimum": 1}}}""";

    @Test
    void aValidSchemaAndEndpointAreKept() {
        String id = as(ALICE).body(bot(SCHEMA, ENDPOINT)).post("/v1/bots").then().statusCode(201)
                .body("data.attributes.functions[0].parameters.required", hasItem("city"))
                .extract().path("data.id");
        as(ALICE).body("{\"functions\": [{\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", "
                + "\"properties\": {\"city\": {\"type\": \"strng\"}}}, \"endpoint\": " + ENDPOINT + "}]}")
                .patch("/v1/bots/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("functions[0].parameters"))
                .body("errors[0].message", containsString("not a valid JSON Schema"));
    }

    @Test
    void invalidSchemasAndEndpointsAreRefused() {
        as(ALICE).body(bot("{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", \"minimum\": \"one\"}}}", ENDPOINT))
                .post("/v1/bots").then().statusCode(400).body("errors[0].message", containsString("not a valid JSON Schema"));
        as(ALICE).body(bot("{\"type\": \"object\", \"properties\": {}, \"required\": [\"city\"]}", ENDPOINT))
                .post("/v1/bots").then().statusCode(400).body("errors[0].message", containsString("not among its properties"));
        as(ALICE).body(bot("{\"type\": \"string\"}", ENDPOINT)).post("/v1/bots").then().statusCode(400)
                .body("errors[0].message", containsString("\"type\": \"object\""));
        as(ALICE).body(bot("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"http://169.254.169.254/schema\"}}}", ENDPOINT))
                .post("/v1/bots").then().statusCode(400).body("errors[0].message", containsString("only use local references"));
        as(ALICE).body(bot(SCHEMA, "null")).post("/v1/bots").then().statusCode(400)
                .body("errors[0].field", equalTo("functions[0].endpoint"));
        as(ALICE).body(bot(SCHEMA, "{\"url\": \"http://127.0.0.1:8081/v1/api-keys\"}")).post("/v1/bots").then().statusCode(400)
                .body("errors[0].field", equalTo("functions[0].endpoint.url"))
                .body("errors[0].message", containsString("loopback"));
    }
}
