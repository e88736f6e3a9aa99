package dev.parley.bot.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.parley.bot.testing.ConversationServiceFake;
import dev.parley.bot.testing.RoutingServiceFake;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agents and teams a bot hands conversations to are routing-service's, asked with bot-service's service token for
 * the caller's tenant (here a WireMock standing in for it; the e2e suite runs the real one): a deactivation's
 * {@code transferTo} and a flow step's or keyword rule's {@code transferConfig.teamId} naming an unknown or another
 * tenant's agent or team are refused, not sent to the general queue; routing-service unreachable is a 503 and nothing
 * changes.
 */
@QuarkusTest
// applies to every test of the module: the seed flow's transfer step names a team routing-service must know
@QuarkusTestResource(RoutingServiceFake.class)
class RoutingServiceClientTest {

    static final String ALICE = Keycloak.bearer("alice");
    static final String ACME = "tnt_acme";
    static final String AGENT = "agt_0123456789abcdefghijkl";
    static final String TEAM = "team_acmeSupport01234567890";
    static final String GLOBEX_TEAM = "team_globexSales01234567890";
    static final String MADE_UP_AGENT = "agt_AAAAAAAAAAAAAAAAAAAAAA";

    final WireMockServer routing = RoutingServiceFake.wiremock();
    final WireMockServer conversations = ConversationServiceFake.wiremock();

    @BeforeEach
    void knownAgentsAndTeams() {
        RoutingServiceFake.reset();
        routing.stubFor(get(urlEqualTo("/v1/agents/" + AGENT)).withHeader("X-Parley-Tenant-Id", WireMock.equalTo(ACME))
                .willReturn(okJson(RoutingServiceFake.agent(AGENT))));
        routing.stubFor(get(urlEqualTo("/v1/teams/" + TEAM)).withHeader("X-Parley-Tenant-Id", WireMock.equalTo(ACME))
                .willReturn(okJson(RoutingServiceFake.team(TEAM))));
        // another tenant's team: routing-service knows it, but only for that tenant
        routing.stubFor(get(urlEqualTo("/v1/teams/" + GLOBEX_TEAM)).withHeader("X-Parley-Tenant-Id",
                WireMock.equalTo("tnt_globex")).willReturn(okJson(RoutingServiceFake.team(GLOBEX_TEAM))));
    }

    @Test
    void deactivatingToAnUnknownOrForeignAgentOrTeamIsRefusedAndTheBotStaysActive() {
        String bot = activeBot("Refused handover");
        for (String target : new String[] {MADE_UP_AGENT, GLOBEX_TEAM}) {
            String kind = target.startsWith("agt_") ? "an agent" : "a team";
            as(ALICE).body("{\"transferTo\": \"" + target + "\", \"reason\": \"x\"}")
                    .post("/v1/bots/" + bot + "/deactivate").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_ERROR"))
                    .body("errors", hasSize(1))
                    .body("errors[0].field", equalTo("transferTo"))
                    .body("errors[0].message", equalTo("is not " + kind + " of this tenant"));
        }
        as(ALICE).get("/v1/bots/" + bot).then().statusCode(200).body("data.attributes.status", equalTo("active"));
        // asked for the caller's tenant with bot-service's own token
        routing.verify(getRequestedFor(urlEqualTo("/v1/agents/" + MADE_UP_AGENT))
                .withHeader("Authorization", matching("Bearer ey.+"))
                .withHeader("X-Parley-Tenant-Id", WireMock.equalTo(ACME)));
        routing.verify(getRequestedFor(urlEqualTo("/v1/teams/" + GLOBEX_TEAM))
                .withHeader("X-Parley-Tenant-Id", WireMock.equalTo(ACME)));
        // nothing to hand over was counted
        conversations.verify(0, getRequestedFor(urlEqualTo("/internal/bots/" + bot + "/open-conversations")));
    }

    @Test
    void deactivatingToTheTenantsAgentOrTeamHandsOver() {
        for (String target : new String[] {AGENT, TEAM}) {
            String bot = activeBot("Handover to " + target);
            conversations.stubFor(get("/internal/bots/" + bot + "/open-conversations")
                    .willReturn(okJson("{\"data\": {\"botId\": \"" + bot + "\", \"count\": 2}}")));
            as(ALICE).body("{\"transferTo\": \"" + target + "\", \"reason\": \"x\"}")
                    .post("/v1/bots/" + bot + "/deactivate").then().statusCode(200)
                    .body("data.attributes.status", equalTo("inactive"))
                    .body("data.attributes.conversationsTransferred", equalTo(2));
        }
    }

    @Test
    void aFlowOrRuleTransferringToAnotherTenantsTeamIsRefusedOnSave() {
        String name = "xfer " + System.nanoTime();
        as(ALICE).body(transferFlow(name, GLOBEX_TEAM)).post("/v1/flows").then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("TEAM_NOT_FOUND"))
                .body("errors[0].field", equalTo("steps[0].transferConfig.teamId"));
        as(ALICE).queryParam("search", name).get("/v1/flows").then().statusCode(200).body("data", hasSize(0));

        String flow = as(ALICE).body(transferFlow(name, TEAM)).post("/v1/flows").then().statusCode(201)
                .body("data.attributes.steps[0].transferConfig.teamId", equalTo(TEAM)).extract().path("data.id");
        as(ALICE).body("{\"steps\": [{\"message\": \"bye\", \"messageType\": \"transfer\", \"transferConfig\": "
                + "{\"teamId\": \"team_unknown012345678901234\"}}]}").patch("/v1/flows/" + flow).then().statusCode(404)
                .body("code", equalTo("TEAM_NOT_FOUND"))
                .body("errors[0].field", equalTo("steps[0].transferConfig.teamId"));
        as(ALICE).get("/v1/flows/" + flow).then().body("data.attributes.steps[0].transferConfig.teamId", equalTo(TEAM));

        String bot = createBot(ALICE, minimalBot("Rules " + System.nanoTime()));
        as(ALICE).body(transferRule(GLOBEX_TEAM)).post("/v1/bots/" + bot + "/keyword-rules").then().statusCode(404)
                .body("code", equalTo("TEAM_NOT_FOUND"))
                .body("errors[0].field", equalTo("response.transferConfig.teamId"));
        as(ALICE).get("/v1/bots/" + bot + "/keyword-rules").then().body("data", hasSize(0));
        as(ALICE).body(transferRule(TEAM)).post("/v1/bots/" + bot + "/keyword-rules").then().statusCode(201);
    }

    @Test
    void routingServiceDownIsA503AndNothingChanges() {
        String bot = activeBot("Routing down");
        String name = "xfer down " + System.nanoTime();
        routing.stubFor(get(urlEqualTo("/v1/teams/" + TEAM)).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        routing.stubFor(get(urlEqualTo("/v1/agents/" + AGENT)).atPriority(1).willReturn(aResponse().withStatus(500)));

        as(ALICE).body("{\"transferTo\": \"" + AGENT + "\"}").post("/v1/bots/" + bot + "/deactivate").then()
                .statusCode(503).header("Retry-After", notNullValue()).body("code", equalTo("ROUTING_SERVICE_UNAVAILABLE"));
        as(ALICE).body(transferFlow(name, TEAM)).post("/v1/flows").then()
                .statusCode(503).header("Retry-After", notNullValue()).body("code", equalTo("ROUTING_SERVICE_UNAVAILABLE"));
        routing.stop();
        try {
            as(ALICE).body("{\"transferTo\": \"" + TEAM + "\"}").post("/v1/bots/" + bot + "/deactivate").then()
                    .statusCode(503).header("Retry-After", notNullValue())
                    .body("code", equalTo("ROUTING_SERVICE_UNAVAILABLE"));
        } finally {
            routing.start();
        }
        as(ALICE).get("/v1/bots/" + bot).then().body("data.attributes.status", equalTo("active"));
        as(ALICE).queryParam("search", name).get("/v1/flows").then().body("data", hasSize(0));
    }

    private static String activeBot(String name) {
        String bot = createBot(ALICE, minimalBot(name + " " + System.nanoTime()));
        as(ALICE).post("/v1/bots/" + bot + "/activate").then().statusCode(200);
        return bot;
    }

    private static String transferFlow(String name, String team) {
        return """
                {"name": "%s", "triggerKeywords": ["xfer"], "steps": [{"stepName": "t", "stepOrder": 1, "message": "bye",
                  "messageType": "transfer", "transferConfig": {"teamId": "%s"}}]}""".formatted(name, team);
    }

    private static String transferRule(String team) {
        return """
                {"name": "Human", "keywords": ["human"], "response": {"type": "transfer",
                  "transferConfig": {"teamId": "%s"}}}""".formatted(team);
    }
}
