package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.Seeds.SEED_FLOW;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatomate's flows under /v1/flows, shared by a tenant's bots through flowId/flowIds. */
@QuarkusTest
class FlowResourceTest {

    static final String ALICE = Keycloak.bearer("alice");
    static final String BOB = Keycloak.bearer("bob");

    /** The seed's "Feedback Collection" as written, with a real-looking team id and steps sent out of order. */

    static String createFlow(String who, String body) {
        return as(who).body(body).post("/v1/flows").then().statusCode(201).extract().path("data.id");
    }

    @Test
    void theSeedsFlowRoundTrips() {
        String id = as(ALICE).body(SEED_FLOW).post("/v1/flows").then().statusCode(201)
                .header("Location", containsString("/v1/flows/flow_"))
                .body("data.id", startsWith("flow_"))
                .body("data.type", equalTo("flow"))
                .body("data.attributes.triggerKeywords", hasItem("review"))
                .body("data.attributes.steps.stepName", equalTo(List.of("rating", "comment", "transfer")))
                .body("data.attributes.steps[0].buttons[0].id", equalTo("excellent"))
                .body("data.attributes.steps[1].validation.minLength", equalTo(2))
                .body("data.attributes.steps[2].inputType", equalTo("none"))
                .body("data.attributes.steps[2].transferConfig.notes", equalTo("Rating: {{rating}}"))
                .body("data.attributes.panelConfig.sections[0].fields[0].displayType", equalTo("badge"))
                .extract().path("data.id");

        as(ALICE).get("/v1/flows/" + id).then().statusCode(200).body("data.attributes.name", equalTo("Feedback Collection"));
        as(ALICE).queryParam("search", "feedback coll").get("/v1/flows").then().statusCode(200).body("data.id", hasItem(id));
        as(ALICE).body("""
                {"completionMessage": "Thanks, {{rating}}!", "steps": [
                  {"message": "Your order number?", "inputType": "number", "storeAs": "orderNumber",
                   "validation": {"min": 1000, "max": 99999999}, "retryMessage": "Digits only, please."},
                  {"messageType": "api_fetch", "apiFetch": {"url": "https://93.184.215.14/orders/{{orderNumber}}",
                   "responseMapping": {"orderStatus": "/status"}, "messagePath": "/message"}},
                  {"messageType": "whatsapp_flow", "message": "Book a slot", "whatsappFlow": {"flowId": "1234567890", "cta": "Book"}}
                ]}""").patch("/v1/flows/" + id).then().statusCode(200)
                .body("data.attributes.name", equalTo("Feedback Collection"))
                .body("data.attributes.steps.stepOrder", equalTo(List.of(1, 2, 3)))
                .body("data.attributes.steps.stepName", equalTo(List.of("step_1", "step_2", "step_3")))
                .body("data.attributes.steps[1].inputType", equalTo("none"))
                .body("data.attributes.steps[1].apiFetch.method", equalTo("GET"));
        as(ALICE).delete("/v1/flows/" + id).then().statusCode(204);
        as(ALICE).get("/v1/flows/" + id).then().statusCode(404).body("code", equalTo("FLOW_NOT_FOUND"));
    }

    @Test
    void badFlowsAreRefusedWithEveryProblem() {
        as(ALICE).body("""
                {"steps": [
                  {"stepOrder": 1, "messageType": "buttons", "message": "Pick"},
                  {"stepOrder": 1, "message": "Email?", "inputType": "email", "validation": {"pattern": "(a+)+@", "minLength": 9, "maxLength": 3}},
                  {"stepOrder": 2, "messageType": "api_fetch", "apiFetch": {"url": "http://169.254.169.254/latest"}},
                  {"stepOrder": 3, "messageType": "transfer", "inputType": "text", "transferConfig": {"notes": "{{bad name}}"}},
                  {"stepOrder": 4, "message": "x", "storeAs": "1st", "buttons": [{"title": "A"}]},
                  {"stepOrder": 5, "messageType": "whatsapp_flow"}
                ],
                 "panelConfig": {"sections": [{"id": "s", "label": "S", "columns": 3, "fields": [{"key": "k", "color": "pink"}]}]}}""")
                .post("/v1/flows").then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("steps[0].buttons"))
                .body("errors.field", hasItem("steps[1].stepOrder"))
                .body("errors.field", hasItem("steps[1].validation.pattern"))
                .body("errors.field", hasItem("steps[1].validation.minLength"))
                .body("errors.field", hasItem("steps[2].apiFetch.url"))
                .body("errors.field", hasItem("steps[3].inputType"))
                .body("errors.field", hasItem("steps[3].transferConfig.notes"))
                .body("errors.field", hasItem("steps[4].storeAs"))
                .body("errors.field", hasItem("steps[4].buttons"))
                .body("errors.field", hasItem("steps[5].whatsappFlow"))
                .body("errors.field", hasItem("panelConfig.sections[0].columns"))
                .body("errors.field", hasItem("panelConfig.sections[0].fields[0].color"));
        as(ALICE).body("{\"name\": \"No steps\"}").post("/v1/flows").then().statusCode(400)
                .body("errors[0].field", equalTo("steps"));
        as(ALICE).body("{\"name\": \"x\", \"steps\": [{\"message\": \"x\", \"messageType\": \"carousel\"}]}").post("/v1/flows")
                .then().statusCode(400).body("errors[0].field", equalTo("steps[0].messageType"));
    }

    @Test
    void botsReferenceExistingFlowsOfTheirOwnTenant() {
        String flow = createFlow(ALICE, SEED_FLOW);
        String other = createFlow(ALICE, SEED_FLOW.replace("Feedback Collection", "Second"));
        String bobsFlow = createFlow(BOB, SEED_FLOW);

        String bot = createBot(ALICE, "{\"name\": \"Flowing\", \"provider\": \"none\", \"flowId\": \"" + flow + "\", "
                + "\"flowIds\": [\"" + flow + "\", \"" + other + "\"]}");
        as(ALICE).get("/v1/bots/" + bot).then().body("data.attributes.flowIds", hasSize(2));
        as(ALICE).body("{\"name\": \"Lost\", \"provider\": \"none\", \"flowId\": \"flow_doesnotexist\"}").post("/v1/bots")
                .then().statusCode(404).body("code", equalTo("FLOW_NOT_FOUND")).body("errors[0].field", equalTo("flowId"));
        as(ALICE).body("{\"flowIds\": [\"" + flow + "\", \"" + bobsFlow + "\"]}").patch("/v1/bots/" + bot)
                .then().statusCode(404).body("code", equalTo("FLOW_NOT_FOUND")).body("errors[0].field", equalTo("flowIds[1]"));
        as(ALICE).body("{\"flowId\": null, \"flowIds\": [\"" + flow + "\"]}").patch("/v1/bots/" + bot).then().statusCode(200);

        as(ALICE).delete("/v1/flows/" + flow).then().statusCode(409).body("code", equalTo("FLOW_IN_USE"))
                .body("detail", containsString(bot));
        as(ALICE).body("{\"flowIds\": null}").patch("/v1/bots/" + bot).then().statusCode(200);
        as(ALICE).delete("/v1/flows/" + flow).then().statusCode(204);
    }

    @Test
    void anotherTenantsFlowsAreNotFound() {
        String flow = createFlow(ALICE, SEED_FLOW);
        as(BOB).get("/v1/flows/" + flow).then().statusCode(404).body("code", equalTo("FLOW_NOT_FOUND"));
        as(BOB).body("{\"name\": \"Stolen\"}").patch("/v1/flows/" + flow).then().statusCode(404);
        as(BOB).body(SEED_FLOW).put("/v1/flows/" + flow).then().statusCode(404);
        as(BOB).delete("/v1/flows/" + flow).then().statusCode(404);
        as(BOB).get("/v1/flows").then().statusCode(200).body("data.id", org.hamcrest.Matchers.not(hasItem(flow)));
        as(Keycloak.bearer("agnes")).body(SEED_FLOW).post("/v1/flows").then().statusCode(403);
        as(ALICE).get("/v1/flows/" + flow).then().statusCode(200).body("data.attributes.name", equalTo("Feedback Collection"));
    }
}
