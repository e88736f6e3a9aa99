package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.issueKey;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.parley.platform.security.Scopes;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The tenant comes only from the credential: another tenant's bot is indistinguishable from a missing one. */
@QuarkusTest
class TenancyAndScopesTest {

    static final String ALICE = Keycloak.bearer("alice");
    static final String BOB = Keycloak.bearer("bob");

    record Call(String name, Function<String, Response> send) {
    }

    static List<Call> everyBotEndpoint(String id) {
        return List.of(
                new Call("get", auth -> as(auth).get("/v1/bots/" + id)),
                new Call("patch", auth -> as(auth).body("{\"description\": \"mine now\"}").patch("/v1/bots/" + id)),
                new Call("activate", auth -> as(auth).post("/v1/bots/" + id + "/activate")),
                new Call("deactivate", auth -> as(auth).body("{}").post("/v1/bots/" + id + "/deactivate")),
                new Call("delete", auth -> as(auth).delete("/v1/bots/" + id)));
    }

    @Test
    void anotherTenantsBotAnswers404AndLeaksNothing() {
        String id = createBot(ALICE, minimalBot("Acme secret project"));
        String bobKey = "Bearer " + issueKey(BOB, Set.of(Scopes.BOTS_READ, Scopes.BOTS_WRITE));
        for (String credential : List.of(BOB, bobKey)) {
            for (Call call : everyBotEndpoint(id)) {
                Response response = call.send().apply(credential);
                response.then().statusCode(404)
                        .contentType("application/problem+json")
                        .body("code", equalTo("BOT_NOT_FOUND"))
                        .body("detail", equalTo("Bot " + id + " does not exist."));
            }
            as(credential).get("/v1/bots?perPage=100").then().statusCode(200).body("data.id", not(hasItem(id)));
        }
        as(ALICE).get("/v1/bots/" + id).then().statusCode(200)
                .body("data.attributes.description", equalTo(null))
                .body("data.attributes.status", equalTo("inactive"));
    }

    @Test
    void everyEndpointWithoutCredentialsAnswers401() {
        String id = createBot(ALICE, minimalBot("Anonymous target"));
        for (Call call : everyBotEndpoint(id)) {
            call.send().apply("").then().statusCode(401).contentType("application/problem+json")
                    .body("code", equalTo("UNAUTHORIZED"));
        }
        given().get("/v1/bots").then().statusCode(401);
        given().contentType("application/json").body(minimalBot("x")).post("/v1/bots").then().statusCode(401);
        given().get("/v1/api-keys").then().statusCode(401);
        given().get("/v1/tenant").then().statusCode(401);
        as("Bearer pk_thisKeyDoesNotExist").get("/v1/bots").then().statusCode(401);
    }

    @Test
    void aKeyWithoutTheScopeAnswers403() {
        String readOnly = "Bearer " + issueKey(ALICE, Set.of(Scopes.BOTS_READ));
        as(readOnly).get("/v1/bots").then().statusCode(200);
        as(readOnly).body(minimalBot("not allowed")).post("/v1/bots").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
        String id = createBot(ALICE, minimalBot("Read-only target"));
        as(readOnly).post("/v1/bots/" + id + "/activate").then().statusCode(403);
        as(readOnly).delete("/v1/bots/" + id).then().statusCode(403);

        String llmOnly = "Bearer " + issueKey(ALICE, Set.of(Scopes.LLM_USE));
        as(llmOnly).get("/v1/bots/" + id).then().statusCode(403);
        // keys cannot mint keys, and only admins manage them
        as(readOnly).body("{\"name\": \"x\", \"scopes\": [\"bots:read\"]}").post("/v1/api-keys").then().statusCode(403);
        as(Keycloak.bearer("dave")).get("/v1/api-keys").then().statusCode(403);
        // an agent may read bots but not change them
        as(Keycloak.bearer("agnes")).get("/v1/bots").then().statusCode(200);
        as(Keycloak.bearer("agnes")).body(minimalBot("x")).post("/v1/bots").then().statusCode(403);
    }

    @Test
    void aServiceTokenWithoutATenantIsRefusedTenantData() {
        String serviceToken = given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "routing-service").formParam("client_secret", "routing-service-secret")
                .post("http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        as("Bearer " + serviceToken).get("/v1/bots").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("TENANT_REQUIRED"));
    }

    @Test
    void theTenantAndItsPlanComeFromKeycloak() {
        as(ALICE).get("/v1/tenant").then().statusCode(200)
                .body("data.id", equalTo("tnt_acme"))
                .body("data.attributes.plan", equalTo("pro"))
                .body("data.attributes.requestsPerMinute", equalTo(300));
        as(BOB).get("/v1/tenant").then().statusCode(200)
                .body("data.id", equalTo("tnt_globex"))
                .body("data.attributes.plan", equalTo("free"));
    }
}
