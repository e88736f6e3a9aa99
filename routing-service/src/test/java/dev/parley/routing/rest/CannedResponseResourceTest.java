package dev.parley.routing.rest;

import static dev.parley.routing.testing.RoutingApi.alice;
import static dev.parley.routing.testing.RoutingApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CannedResponseResourceTest {

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void agentsShareTheTenantsCannedResponsesByShortcutAndOtherTenantsSeeNone() {
        String shortcut = unique("refund");
        String id = as("agnes").body("""
                {"shortcut": "/%s", "title": "Refund", "text": "  Your refund is on its way: 3 to 5 business days.  "}"""
                .formatted(shortcut.toUpperCase()))
                .post("/v1/canned-responses").then().statusCode(201)
                .header("Location", containsString("/v1/canned-responses/cr_"))
                .body("data.id", startsWith("cr_"))
                .body("data.type", equalTo("canned_response"))
                .body("data.attributes.shortcut", equalTo(shortcut))
                .body("data.attributes.text", equalTo("Your refund is on its way: 3 to 5 business days."))
                .body("data.attributes.createdBy", equalTo("agnes"))
                .extract().path("data.id");

        // another agent of the tenant finds it while typing the shortcut; the slash is optional
        List<String> found = alice().queryParam("q", "/" + shortcut.substring(0, 8)).get("/v1/canned-responses")
                .then().statusCode(200).body("meta.pagination.page", equalTo(1)).extract().path("data.id");
        assertThat(found).contains(id);
        alice().queryParam("q", "zz" + shortcut).get("/v1/canned-responses").then().statusCode(200)
                .body("data.id", not(hasItem(id)));
        // '_' and '%' in the prefix are characters, not patterns
        alice().queryParam("q", "%").get("/v1/canned-responses").then().statusCode(200).body("data.size()", equalTo(0));

        // one shortcut per tenant, whatever its case; another tenant may use the same shortcut
        alice().body("{\"shortcut\": \"" + shortcut + "\", \"text\": \"x\"}").post("/v1/canned-responses")
                .then().statusCode(409).body("code", equalTo("CANNED_RESPONSE_SHORTCUT_TAKEN"));
        String bobs = as("bob").body("{\"shortcut\": \"" + shortcut + "\", \"text\": \"Globex's\"}")
                .post("/v1/canned-responses").then().statusCode(201).extract().path("data.id");

        as("bob").get("/v1/canned-responses/" + id).then().statusCode(404)
                .body("code", equalTo("CANNED_RESPONSE_NOT_FOUND"));
        as("bob").body("{\"text\": \"mine now\"}").patch("/v1/canned-responses/" + id).then().statusCode(404);
        as("bob").delete("/v1/canned-responses/" + id).then().statusCode(404);
        as("bob").get("/v1/canned-responses?perPage=100").then().statusCode(200).body("data.id", not(hasItem(id)));
        alice().get("/v1/canned-responses?perPage=100").then().statusCode(200).body("data.id", not(hasItem(bobs)));

        // partial update; null clears the title
        alice().body("{\"title\": null, \"text\": \"Refunds take 3 to 5 business days.\"}")
                .patch("/v1/canned-responses/" + id).then().statusCode(200)
                .body("data.attributes.title", nullValue())
                .body("data.attributes.shortcut", equalTo(shortcut))
                .body("data.attributes.text", equalTo("Refunds take 3 to 5 business days."));
        // RFC 7386's own media type: the same merge patch
        alice().contentType("application/merge-patch+json").body("{\"title\": \"Refunds\"}")
                .patch("/v1/canned-responses/" + id).then().statusCode(200)
                .body("data.attributes.title", equalTo("Refunds"))
                .body("data.attributes.text", equalTo("Refunds take 3 to 5 business days."));

        alice().delete("/v1/canned-responses/" + id).then().statusCode(204);
        alice().get("/v1/canned-responses/" + id).then().statusCode(404);
        as("bob").delete("/v1/canned-responses/" + bobs).then().statusCode(204);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyCreatesOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"shortcut\": \"" + unique("hello") + "\", \"text\": \"Hello! How can I help?\"}";
        String first = alice().header("Idempotency-Key", key).body(body).post("/v1/canned-responses")
                .then().statusCode(201).extract().path("data.id");
        alice().header("Idempotency-Key", key).body(body).post("/v1/canned-responses")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("data.id", equalTo(first));
    }

    @Test
    void badInputIsAProblemAndDevelopersMayOnlyRead() {
        alice().body("{\"shortcut\": \"/re fund\", \"text\": \"x\"}").post("/v1/canned-responses")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("shortcut"));
        alice().body("{\"shortcut\": \"ok\"}").post("/v1/canned-responses")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("text"));
        alice().body("{\"shortcut\": \"ok\", \"text\": \"x\", \"color\": \"red\"}").post("/v1/canned-responses")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        alice().body("{\"shortcut\": ").post("/v1/canned-responses")
                .then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        alice().get("/v1/canned-responses?perPage=500").then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        as("dave").body("{\"shortcut\": \"" + unique("dev") + "\", \"text\": \"x\"}").post("/v1/canned-responses")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        as("dave").get("/v1/canned-responses").then().statusCode(200);
    }
}
