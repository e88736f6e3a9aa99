package dev.parley.llm.rest;

import static io.restassured.RestAssured.given;
import static io.restassured.path.json.JsonPath.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.parley.llm.testing.BotServiceFake;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IntegrationResourceTest {

    @Inject
    AgroalDataSource database;

    @BotServiceFake.InjectBotService
    WireMockServer botService;

    static RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user)).contentType("application/json");
    }

    @Test
    void theProviderKeyIsWriteOnlyEncryptedAndNeverLogged() throws Exception {
        String providerKey = "sk-test-" + UUID.randomUUID();
        String bot = Ids.generate("bot");
        BotServiceFake.knowsBot(botService, "tnt_acme", bot);
        String id = as("alice").body("""
                {"name": "OpenAI prod", "provider": "openai", "apiKey": "%s", "botId": "%s",
                 "defaultModel": "gpt-4o", "fallbackModels": ["gpt-4o-mini"]}""".formatted(providerKey, bot))
                .post("/v1/integrations")
                .then().statusCode(201)
                .body("data.id", startsWith("int_"))
                .body("data.type", equalTo("integration"))
                .body("data.attributes.apiKeyLast4", equalTo("…" + providerKey.substring(providerKey.length() - 4)))
                .body("data.attributes.apiKey", nullValue())
                .body("data.attributes.enabled", equalTo(true))
                .extract().path("data.id");

        String get = as("alice").get("/v1/integrations/" + id).then().statusCode(200).extract().asString();
        // built and touched before it was stored: updated when it was created, not a moment before
        assertThat(Instant.parse(from(get).getString("data.attributes.updatedAt")))
                .isEqualTo(Instant.parse(from(get).getString("data.attributes.createdAt")));
        String list = as("alice").queryParam("botId", bot).get("/v1/integrations").then().statusCode(200)
                .body("data.id", hasItem(id)).body("meta.pagination.totalCount", equalTo(1)).extract().asString();
        assertThat(get + list).doesNotContain(providerKey);

        String rotated = "sk-rotated-" + UUID.randomUUID();
        as("alice").body("{\"apiKey\": \"" + rotated + "\", \"enabled\": false}").patch("/v1/integrations/" + id)
                .then().statusCode(200)
                .body("data.attributes.apiKeyLast4", equalTo("…" + rotated.substring(rotated.length() - 4)))
                .body("data.attributes.enabled", equalTo(false))
                .body("data.attributes.defaultModel", equalTo("gpt-4o"));

        assertThat(storedText()).doesNotContain(providerKey).doesNotContain(rotated);
        assertThat(Files.readString(Path.of("target/quarkus-test.log"))).doesNotContain(providerKey).doesNotContain(rotated);
    }

    @Test
    void anotherTenantsIntegrationIsInvisible() {
        String id = as("alice").body("{\"name\": \"local\", \"provider\": \"ollama\", \"baseUrl\": \"http://93.184.216.34:11434\"}")
                .post("/v1/integrations").then().statusCode(201).extract().path("data.id");
        as("bob").get("/v1/integrations/" + id).then().statusCode(404).body("code", equalTo("INTEGRATION_NOT_FOUND"));
        as("bob").body("{\"enabled\": false}").patch("/v1/integrations/" + id).then().statusCode(404);
        as("bob").delete("/v1/integrations/" + id).then().statusCode(404);
        as("bob").get("/v1/integrations?perPage=100").then().body("data.id", not(hasItem(id)));
        as("alice").delete("/v1/integrations/" + id).then().statusCode(204);
        as("alice").get("/v1/integrations/" + id).then().statusCode(404);
    }

    @Test
    void aCustomBaseUrlMustPassTheOutboundGuard() {
        // Loopback is allowed in these tests (the fake providers run here); the guard's own tests cover it.
        for (String url : new String[] {"http://169.254.169.254/latest", "http://10.0.0.5:8000/v1", "http://[fd00::1]:11434",
                "http://[::ffff:192.168.0.1]/v1", "http://167772165/", "ftp://93.184.216.34/"}) {
            as("alice").body("{\"name\": \"c\", \"provider\": \"custom\", \"baseUrl\": \"" + url + "\"}")
                    .post("/v1/integrations")
                    .then().statusCode(400)
                    .body("code", equalTo("VALIDATION_ERROR"))
                    .body("errors[0].field", equalTo("baseUrl"));
        }
        as("alice").body("{\"name\": \"c\", \"provider\": \"custom\", \"baseUrl\": \"https://93.184.216.34/v1\", \"defaultModel\": \"my-llm\"}")
                .post("/v1/integrations").then().statusCode(201).body("data.attributes.defaultModel", equalTo("my-llm"));
    }

    @Test
    void providersAndModelsComeFromTheCatalogue() {
        as("alice").body("{\"name\": \"x\", \"provider\": \"gemini\", \"apiKey\": \"k\"}").post("/v1/integrations")
                .then().statusCode(400).body("code", equalTo("INVALID_PROVIDER"));
        as("alice").body("{\"name\": \"x\", \"provider\": \"anthropic\", \"apiKey\": \"k\", \"defaultModel\": \"gpt-4o\"}")
                .post("/v1/integrations").then().statusCode(400).body("code", equalTo("INVALID_MODEL"))
                .body("errors[0].field", equalTo("defaultModel"));
        as("alice").body("{\"name\": \"x\", \"provider\": \"openai\"}").post("/v1/integrations")
                .then().statusCode(400).body("errors[0].field", equalTo("apiKey"));
        as("alice").body("{\"name\": \"x\", \"provider\": \"custom\"}").post("/v1/integrations")
                .then().statusCode(400).body("errors[0].field", equalTo("baseUrl"));
        as("alice").body("{\"name\": \"x\", \"provider\": \"openai\", \"apiKey\": \"k\", \"botId\": \"robot\"}")
                .post("/v1/integrations").then().statusCode(400).body("errors[0].field", equalTo("botId"));
        as("alice").body("{\"name\": \"x\", \"provider\": \"openai\", \"apiKey\": \"k\", \"enabled\": \"yes\"}")
                .post("/v1/integrations").then().statusCode(400).body("errors[0].field", equalTo("enabled"));
        as("agnes").body("{\"name\": \"x\", \"provider\": \"openai\", \"apiKey\": \"k\"}").post("/v1/integrations")
                .then().statusCode(403);
    }

    @Test
    void aBotIdMustNameABotOfTheTenantLikeAPathIdWould() {
        String ours = Ids.generate("bot");
        String theirs = Ids.generate("bot");
        BotServiceFake.knowsBot(botService, "tnt_acme", ours);
        BotServiceFake.knowsBot(botService, "tnt_globex", theirs);
        String body = "{\"name\": \"x\", \"provider\": \"openai\", \"apiKey\": \"k\", \"botId\": \"%s\"}";

        as("alice").body(body.formatted(theirs)).post("/v1/integrations").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("BOT_NOT_FOUND"));
        as("alice").body(body.formatted(Ids.generate("bot"))).post("/v1/integrations").then().statusCode(404)
                .body("code", equalTo("BOT_NOT_FOUND"));
        String id = as("alice").body(body.formatted(ours)).post("/v1/integrations").then().statusCode(201)
                .extract().path("data.id");
        as("alice").body("{\"botId\": \"" + theirs + "\"}").patch("/v1/integrations/" + id).then().statusCode(404)
                .body("code", equalTo("BOT_NOT_FOUND"));
        as("alice").get("/v1/integrations/" + id).then().statusCode(200).body("data.attributes.botId", equalTo(ours));
        botService.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v1/bots/" + theirs))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+"))
                .withHeader("X-Parley-Tenant-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("tnt_acme")));
    }

    @Test
    void aNullFallbackModelIsAFieldErrorNotA500() {
        as("alice").body("{\"name\": \"x\", \"provider\": \"openai\", \"apiKey\": \"k\", \"fallbackModels\": [null]}")
                .post("/v1/integrations").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("fallbackModels[0]"));
        String id = as("alice").body("{\"name\": \"x\", \"provider\": \"openai\", \"apiKey\": \"k\"}")
                .post("/v1/integrations").then().statusCode(201).extract().path("data.id");
        as("alice").body("{\"fallbackModels\": [\"gpt-4o-mini\", null]}").patch("/v1/integrations/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("fallbackModels[1]"));
    }

    /**
     * A NUL (which PostgreSQL cannot store) at either end of a value is a 400 INVALID_CHARACTER, as within it: trimming
     * used to take it (and any control character) away and store the rest. Whitespace around a value is still trimmed.
     */
    @Test
    void aNulAtEitherEndOfAValueIsRefusedNotTrimmedAway() throws Exception {
        String name = "Nul " + UUID.randomUUID();
        for (String sent : java.util.List.of(name + "\\u0000", "\\u0000" + name)) {
            as("alice").body("{\"name\": \"" + sent + "\", \"provider\": \"openai\", \"apiKey\": \"k\"}")
                    .post("/v1/integrations").then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("INVALID_CHARACTER"));
        }
        // the key is stored encrypted, where PostgreSQL cannot see the NUL: refused alike
        as("alice").body("{\"name\": \"" + name + "\", \"provider\": \"openai\", \"apiKey\": \"\\u0000sk-test-key\"}")
                .post("/v1/integrations").then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        // a base URL is extended with a path: a control character at its end would stay inside the URL called
        as("alice").body("{\"name\": \"" + name + "\", \"provider\": \"custom\", \"baseUrl\": \"https://93.184.216.34/v1\\u0001\"}")
                .post("/v1/integrations").then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("baseUrl"));
        as("alice").body("{\"name\": \"" + name + "\", \"provider\": \"custom\", \"baseUrl\": \"https://93.184.216.34/v1\\u0000\"}")
                .post("/v1/integrations").then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        assertThat(storedText()).doesNotContain(name);

        String id = as("alice").body("""
                {"name": "  %s\\t", "provider": "custom", "baseUrl": " https://93.184.216.34/v1 ", "defaultModel": " my-llm "}"""
                .formatted(name)).post("/v1/integrations").then().statusCode(201)
                .body("data.attributes.name", equalTo(name))
                .body("data.attributes.baseUrl", equalTo("https://93.184.216.34/v1"))
                .body("data.attributes.defaultModel", equalTo("my-llm"))
                .extract().path("data.id");
        as("alice").body("{\"name\": \"" + name + "\\u0000\"}").patch("/v1/integrations/" + id)
                .then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        as("alice").get("/v1/integrations/" + id).then().statusCode(200).body("data.attributes.name", equalTo(name));
    }

    private String storedText() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = database.getConnection();
                ResultSet rows = c.createStatement().executeQuery("select i::text from integration i")) {
            while (rows.next()) {
                all.append(rows.getString(1));
            }
        }
        try (Connection c = database.getConnection();
                ResultSet rows = c.createStatement().executeQuery("select k::text from idempotency_key k")) {
            while (rows.next()) {
                all.append(rows.getString(1));
            }
        }
        return all.toString();
    }
}
