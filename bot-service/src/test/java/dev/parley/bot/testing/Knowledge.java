package dev.parley.bot.testing;

import static dev.parley.bot.testing.BotApi.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.testing.Keycloak;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Knowledge bases, documents and training as the tests create them (documents and training as Alice). */
public final class Knowledge {

    static final String ALICE = Keycloak.bearer("alice");

    public static String createKnowledgeBase(String who, String name) {
        return as(who).body("{\"name\": \"" + name + "\"}").post("/v1/knowledge-bases").then().statusCode(201)
                .body("data.id", startsWith("kb_")).extract().path("data.id");
    }

    public static String addDocument(String kb, String title, String contentType, String content) throws IOException {
        String body = new ObjectMapper().writeValueAsString(Map.of("title", title, "contentType", contentType, "content", content));
        return as(ALICE).body(body).post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(201)
                .extract().path("data.id");
    }

    /** Starts training and waits for the job to end; returns the finished job's attributes. */
    public static JsonPath train(String bot, boolean full) {
        String job = as(ALICE).body("{\"fullRetrain\": " + full + "}").post("/v1/bots/" + bot + "/train").then().statusCode(202)
                .body("data.attributes.status", equalTo("in_progress"))
                .body("data.attributes.type", equalTo(full ? "full" : "incremental"))
                .extract().path("data.id");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> !"in_progress".equals(
                as(ALICE).get("/v1/bots/" + bot + "/training-jobs/" + job).then().extract().path("data.attributes.status")));
        return as(ALICE).get("/v1/bots/" + bot + "/training-jobs/" + job).then().statusCode(200).extract().jsonPath();
    }

    private Knowledge() {
    }
}
