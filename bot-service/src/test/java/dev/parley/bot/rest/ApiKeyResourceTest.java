package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.events.apikey.ApiKeyEvent;
import dev.parley.platform.security.ApiKeys;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeyResourceTest {

    static final String ALICE = Keycloak.bearer("alice");

    @Inject
    AgroalDataSource database;

    @Inject
    ObjectMapper json;

    @Test
    void aKeyIsShownOnceStoredAsAHashAndRevokedEverywhere() throws Exception {
        try (KafkaProbe keys = KafkaProbe.tail(Topics.API_KEYS)) {
            var created = as(ALICE).body("{\"name\": \"CRM sync\", \"scopes\": [\"bots:read\", \"conversations:read\"]}")
                    .when().post("/v1/api-keys")
                    .then().statusCode(201)
                    .body("data.id", startsWith("key_"))
                    .body("data.type", equalTo("api_key"))
                    .body("data.attributes.key", matchesPattern("pk_[0-9A-Za-z]{40}"))
                    .body("data.attributes.plan", equalTo("pro"))
                    .body("data.attributes.status", equalTo("active"))
                    .extract();
            String id = created.path("data.id");
            String secret = created.path("data.attributes.key");

            as(ALICE).get("/v1/api-keys/" + id).then().statusCode(200)
                    .body("data.attributes.key", nullValue())
                    .body("data.attributes.hint", startsWith(secret.substring(0, 7)));
            as(ALICE).get("/v1/api-keys").then().statusCode(200).body("data.id", hasItem(id));
            assertThat(storedColumnsContain(secret)).as("the secret is stored nowhere").isFalse();
            assertThat(storedColumnsContain(ApiKeys.hash(secret))).isTrue();

            as("Bearer " + secret).get("/v1/bots").then().statusCode(200);
            as("").header("X-API-Key", secret).get("/v1/bots").then().statusCode(200);

            ConsumerRecord<String, String> issued = keys.await(r -> id.equals(r.key()), Duration.ofSeconds(10)).orElseThrow();
            assertThat(KafkaProbe.header(issued, CloudEventHeaders.TYPE)).isEqualTo(ApiKeyEvent.ISSUED);
            assertThat(issued.value()).doesNotContain(secret);
            assertThat(json.readValue(issued.value(), ApiKeyEvent.class).hash()).isEqualTo(ApiKeys.hash(secret));

            as(ALICE).delete("/v1/api-keys/" + id).then().statusCode(204);
            as("Bearer " + secret).get("/v1/bots").then().statusCode(401);
            as(ALICE).get("/v1/api-keys/" + id).then().body("data.attributes.status", equalTo("revoked"))
                    .body("data.attributes.revokedAt", notNullValue());
            ConsumerRecord<String, String> revoked = keys.await(r -> id.equals(r.key()), Duration.ofSeconds(10)).orElseThrow();
            assertThat(KafkaProbe.header(revoked, CloudEventHeaders.TYPE)).isEqualTo(ApiKeyEvent.REVOKED);
            assertThat(json.readValue(revoked.value(), ApiKeyEvent.class).revokedAt()).isNotNull();
        }
    }

    @Test
    void scopesAndExpiryAreValidated() {
        as(ALICE).body("{\"name\": \"x\", \"scopes\": [\"bots:read\", \"everything\"]}").post("/v1/api-keys")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("scopes"));
        as(ALICE).body("{\"name\": \"x\", \"scopes\": []}").post("/v1/api-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("scopes"));
        as(ALICE).body("{\"name\": \"x\", \"scopes\": [\"bots:read\"], \"expiresAt\": \"2001-01-01T00:00:00Z\"}")
                .post("/v1/api-keys").then().statusCode(400).body("errors[0].field", equalTo("expiresAt"));
        as(ALICE).body("{\"name\": \"x\", \"scopes\": [\"bots:read\"], \"expiresAt\": \"tomorrow\"}")
                .post("/v1/api-keys").then().statusCode(400).body("errors[0].field", equalTo("expiresAt"));
        as(ALICE).get("/v1/api-keys/key_doesNotExist").then().statusCode(404).body("code", equalTo("API_KEY_NOT_FOUND"));
    }

    @Test
    void anotherTenantsKeysAreNotFound() {
        String id = as(ALICE).body("{\"name\": \"acme only\", \"scopes\": [\"bots:read\"]}").post("/v1/api-keys")
                .then().statusCode(201).extract().path("data.id");
        String bob = Keycloak.bearer("bob");
        as(bob).get("/v1/api-keys/" + id).then().statusCode(404).body("code", equalTo("API_KEY_NOT_FOUND"));
        as(bob).delete("/v1/api-keys/" + id).then().statusCode(404).body("code", equalTo("API_KEY_NOT_FOUND"));
        as(bob).get("/v1/api-keys?perPage=100").then().statusCode(200).body("data.id", org.hamcrest.Matchers.not(hasItem(id)));
        as(ALICE).get("/v1/api-keys/" + id).then().body("data.attributes.status", equalTo("active"));
    }

    private boolean storedColumnsContain(String text) throws Exception {
        try (Connection c = database.getConnection();
                ResultSet rows = c.createStatement().executeQuery("select * from api_key")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    String value = rows.getString(i);
                    if (value != null && value.contains(text)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
