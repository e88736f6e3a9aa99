package dev.parley.conversation.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.parley.platform.testing.Keycloak;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads conversations back through the API, as a tenant admin (alice, tenant Acme). */
public final class Conversations {

    public static JsonPath messages(String conversationId) {
        return given().header("Authorization", Keycloak.bearer("alice"))
                .when().get("/v1/conversations/" + conversationId + "/messages?perPage=100")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Texts the bot (or an agent) sent, oldest first. */
    public static List<String> replies(String conversationId) {
        return messages(conversationId).getList("data.findAll { it.attributes.direction == 'outbound' }.attributes.text");
    }

    public static List<Map<String, Object>> outbound(String conversationId) {
        return messages(conversationId).getList("data.findAll { it.attributes.direction == 'outbound' }.attributes");
    }

    /** Waits until the bot has sent at least {@code count} messages, and returns them. */
    public static List<String> awaitReplies(String conversationId, int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(conversationId).size() >= count);
        return replies(conversationId);
    }

    public static JsonPath conversation(String conversationId) {
        return given().header("Authorization", Keycloak.bearer("alice"))
                .when().get("/v1/conversations/" + conversationId).then().statusCode(200).extract().jsonPath();
    }

    private Conversations() {
    }
}
