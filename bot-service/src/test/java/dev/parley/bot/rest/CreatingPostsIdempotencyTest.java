package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 14.14: every creating POST takes an Idempotency-Key: a retry with the same key and body answers the first
 * answer again (Idempotent-Replayed) and creates nothing; the same key with another body is 422. Issue 14.13: a bot's
 * channel can be created and bound in one call.
 */
@QuarkusTest
class CreatingPostsIdempotencyTest {

    static final String ALICE = Keycloak.bearer("alice");

    /** Posts twice with one key: one creation, the same answer; then the key with another body is refused. */
    private static String once(String path, String body, String otherBody, int status) {
        String key = "idem-" + Ids.random(12);
        Supplier<ExtractableResponse<Response>> first = () -> as(ALICE).header("Idempotency-Key", key).body(body)
                .post(path).then().statusCode(status).extract();
        ExtractableResponse<Response> created = first.get();
        ExtractableResponse<Response> replayed = first.get();
        assertThat(created.header("Idempotent-Replayed")).isNull();
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.<String>path("data.id")).isEqualTo(created.path("data.id"));
        if (otherBody != null) {
            as(ALICE).header("Idempotency-Key", key).body(otherBody).post(path).then().statusCode(422)
                    .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        }
        return created.path("data.id");
    }

    @Test
    void knowledgeBasesAndDocuments() {
        String kb = once("/v1/knowledge-bases", "{\"name\": \"Idem KB " + Ids.random(6) + "\"}", "{\"name\": \"Other\"}", 201);
        String doc = once("/v1/knowledge-bases/" + kb + "/documents", "{\"title\": \"A\", \"content\": \"Alpha.\"}",
                "{\"title\": \"B\", \"content\": \"Beta.\"}", 201);
        as(ALICE).get("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(1)).body("data[0].id", equalTo(doc));
    }

    @Test
    void apiKeysReplayTheSameKeyAndIssueNoSecond() {
        String key = "idem-" + Ids.random(12);
        String body = "{\"name\": \"ci key " + Ids.random(6) + "\", \"scopes\": [\"bots:read\"]}";
        ExtractableResponse<Response> first = as(ALICE).header("Idempotency-Key", key).body(body).post("/v1/api-keys")
                .then().statusCode(201).extract();
        ExtractableResponse<Response> again = as(ALICE).header("Idempotency-Key", key).body(body).post("/v1/api-keys")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract();
        assertThat(again.<String>path("data.id")).isEqualTo(first.path("data.id"));
        assertThat(again.<String>path("data.attributes.key")).isEqualTo(first.path("data.attributes.key"));
    }

    @Test
    void botChannelsImportAndFork() {
        String bot = createBot(ALICE, minimalBot("Idem bot " + Ids.random(6)));
        // 14.13: created and bound in one call
        String channel = once("/v1/bots/" + bot + "/channels", "{\"type\": \"webchat\", \"name\": \"Idem site " + Ids.random(6) + "\"}",
                "{\"type\": \"webchat\", \"name\": \"Other site\"}", 201);
        as(ALICE).get("/v1/channels/" + channel).then().statusCode(200).body("data.attributes.botId", equalTo(bot))
                .body("data.attributes.status", equalTo("connected"));
        as(ALICE).get("/v1/bots/" + bot + "/channels").then().body("data.id", hasItem(channel));
        as(ALICE).body("{\"type\": \"webhook\", \"name\": \"No url\"}").post("/v1/bots/" + bot + "/channels")
                .then().statusCode(400).body("errors.field", hasItem("settings.outboundUrl"));
        as(ALICE).body("{\"type\": \"webchat\", \"name\": \"x\"}").post("/v1/bots/bot_0000000000000000000000/channels")
                .then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));

        String export = as(ALICE).get("/v1/bots/" + bot + "/export").then().statusCode(200).extract().asString();
        String imported = once("/v1/bots/import?create=true", export.replace("Idem bot", "Imported idem bot"),
                export.replace("Idem bot", "Another import"), 201);
        assertThat(imported).isNotEqualTo(bot);
        once("/v1/bots/" + bot + "/import", export, export.replace("Idem bot", "Changed"), 200);
        String fork = once("/v1/bots/" + bot + "/fork", "", null, 201);
        assertThat(fork).isNotEqualTo(bot);
    }
}
