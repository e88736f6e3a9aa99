package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static dev.parley.bot.testing.Seeds.SEED_CONTEXT;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Whatomate's AI contexts: static content, or an API fetch whose URL must pass the outbound guard when saved. */
@QuarkusTest
class AiContextResourceTest {

    static final String ALICE = Keycloak.bearer("alice");
    // A public address written as an IP literal: the guard judges it without a DNS lookup.
    static final String PUBLIC_API = "https://93.184.215.14";

    @Test
    void staticAndApiContextsRoundTrip() {
        String contexts = "/v1/bots/" + createBot(ALICE, minimalBot("Contexts")) + "/ai-contexts";
        String id = as(ALICE).body(SEED_CONTEXT).post(contexts).then().statusCode(201)
                .body("data.id", startsWith("aic_"))
                .body("data.type", equalTo("ai_context"))
                .body("data.attributes.contextType", equalTo("static"))
                .body("data.attributes.triggerKeywords", hasItem("delivery"))
                .extract().path("data.id");
        String api = as(ALICE).body("""
                {"name": "Order status", "triggerKeywords": ["order"], "contextType": "api",
                 "apiFetch": {"url": "%s/orders/{{orderId}}?lang={{language}}", "headers": {"X-Shop": "{{shop}}"},
                              "responseMapping": {"order_status": "/order/status"}, "messagePath": "/summary"}}"""
                .formatted(PUBLIC_API)).post(contexts).then().statusCode(201)
                .body("data.attributes.apiFetch.method", equalTo("GET"))
                .body("data.attributes.apiFetch.responseMapping.order_status", equalTo("/order/status"))
                .body("data.attributes.enabled", equalTo(true))
                .extract().path("data.id");

        as(ALICE).get(contexts).then().statusCode(200).body("meta.pagination.totalCount", equalTo(2))
                .body("data[0].id", equalTo(id)).body("data[1].id", equalTo(api));
        as(ALICE).body("{\"priority\": 1, \"content\": \"Free shipping over $40.\"}").patch(contexts + "/" + id)
                .then().statusCode(200).body("data.attributes.content", equalTo("Free shipping over $40."))
                .body("data.attributes.name", equalTo("Shipping Policy"));
        as(ALICE).body("{\"content\": \"Always applies\"}").put(contexts + "/" + id).then().statusCode(200)
                .body("data.attributes.contextType", equalTo("static"))
                .body("data.attributes.name", org.hamcrest.Matchers.nullValue());
        as(ALICE).delete(contexts + "/" + api).then().statusCode(204);
        as(ALICE).get(contexts + "/" + api).then().statusCode(404).body("code", equalTo("AI_CONTEXT_NOT_FOUND"));
    }

    @Test
    void fetchesTheOutboundGuardWouldRefuseAreRefusedOnSave() {
        String contexts = "/v1/bots/" + createBot(ALICE, minimalBot("Guarded")) + "/ai-contexts";
        for (String url : new String[] {"http://169.254.169.254/latest/meta-data", "http://127.0.0.1:8081/v1/bots",
                "http://[::ffff:10.0.0.1]/x", "http://0x7f.0.0.1/", "ftp://93.184.215.14/file", "http://10.1.2.3/internal"}) {
            as(ALICE).body("{\"contextType\": \"api\", \"apiFetch\": {\"url\": \"" + url + "\"}}").post(contexts)
                    .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                    .body("errors[0].field", equalTo("apiFetch.url"));
        }
        as(ALICE).body("{\"contextType\": \"api\", \"apiFetch\": {\"url\": \"https://{{tenantHost}}/orders\"}}").post(contexts)
                .then().statusCode(400).body("errors[0].message", containsString("fixed host"));
        // a control character at either end would stay in the URL called; a NUL is INVALID_CHARACTER, as anywhere
        as(ALICE).body("{\"contextType\": \"api\", \"apiFetch\": {\"url\": \"" + PUBLIC_API + "/x\\u0001\"}}").post(contexts)
                .then().statusCode(400).body("errors[0].field", equalTo("apiFetch.url"))
                .body("errors[0].message", equalTo("is not a valid URL"));
        as(ALICE).body("{\"contextType\": \"api\", \"apiFetch\": {\"url\": \"" + PUBLIC_API + "/x\\u0000\"}}").post(contexts)
                .then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        as(ALICE).get(contexts).then().statusCode(200).body("meta.pagination.totalCount", equalTo(0));
        as(ALICE).body("{\"contextType\": \"api\", \"apiFetch\": {\"url\": \"" + PUBLIC_API + "/x\", "
                + "\"responseMapping\": {\"status\": \"order.status\"}}}").post(contexts)
                .then().statusCode(400).body("errors[0].field", equalTo("apiFetch.responseMapping.status"));
        as(ALICE).body("{\"contextType\": \"api\"}").post(contexts).then().statusCode(400)
                .body("errors[0].field", equalTo("apiFetch"));
        as(ALICE).body("{\"contextType\": \"static\"}").post(contexts).then().statusCode(400)
                .body("errors[0].field", equalTo("content"));
        as(ALICE).body("{\"contextType\": \"dynamic\", \"content\": \"x\"}").post(contexts).then().statusCode(400)
                .body("errors[0].field", equalTo("contextType"));
    }

    @Test
    void anotherTenantsContextsAreNotFound() {
        String contexts = "/v1/bots/" + createBot(ALICE, minimalBot("Private contexts")) + "/ai-contexts";
        String id = as(ALICE).body(SEED_CONTEXT).post(contexts).then().statusCode(201).extract().path("data.id");
        String bob = Keycloak.bearer("bob");
        as(bob).get(contexts).then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        as(bob).body("{\"content\": \"mine now\"}").patch(contexts + "/" + id).then().statusCode(404);
        as(bob).delete(contexts + "/" + id).then().statusCode(404);
        String bobs = "/v1/bots/" + createBot(bob, minimalBot("Bob's contexts")) + "/ai-contexts/" + id;
        as(bob).get(bobs).then().statusCode(404).body("code", equalTo("AI_CONTEXT_NOT_FOUND"));
        as(ALICE).get(contexts + "/" + id).then().statusCode(200).body("data.attributes.content", startsWith("We offer"));
    }
}
