package dev.parley.routing.rest;

import static dev.parley.routing.testing.RoutingApi.alice;
import static dev.parley.routing.testing.RoutingApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.parley.routing.testing.RoutingApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AgentResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void reset() {
        RoutingApi.reset(dataSource);
    }

    @Test
    void aBotAgentHasLiveChatsFieldsAndItsSecretIsNeverShown() {
        String team = RoutingApi.team("round_robin");
        String answer = alice().body("""
                {"type": "bot", "name": "John Doe", "avatar": "https://cdn.example.com/a.png", "status": "accepting_chats",
                 "groups": [{"id": "%s", "priority": "first"}],
                 "webhooks": {"url": "http://127.0.0.1:9/hooks", "secretKey": "JSauw0Aks8l-asAa",
                   "actions": [{"name": "incoming_chat_thread", "filters": {"teamIds": ["%s"]}},
                               {"name": "incoming_event", "additionalData": ["chat_properties"]}]}}""".formatted(team, team))
                .post("/v1/agents")
                .then().statusCode(201)
                .body("data.id", startsWith("agt_"))
                .body("data.type", equalTo("agent"))
                .body("data.attributes.type", equalTo("bot"))
                .body("data.attributes.maxChatsCount", equalTo(6))
                .body("data.attributes.activeChats", equalTo(0))
                .body("data.attributes.defaultGroupPriority", equalTo("normal"))
                .body("data.attributes.groups[0].id", equalTo(team))
                .body("data.attributes.groups[0].priority", equalTo("first"))
                .body("data.attributes.webhooks.url", equalTo("http://127.0.0.1:9/hooks"))
                .body("data.attributes.webhooks.actions[1].additionalData[0]", equalTo("chat_properties"))
                .extract().asString();
        assertThat(answer).doesNotContain("JSauw0Aks8l-asAa").doesNotContain("secretKey");
        String id = io.restassured.path.json.JsonPath.from(answer).getString("data.id");

        String read = alice().get("/v1/agents/" + id).then().statusCode(200).extract().asString();
        assertThat(read).doesNotContain("JSauw0Aks8l-asAa");
        as("bob").get("/v1/agents/" + id).then().statusCode(404).body("code", equalTo("AGENT_NOT_FOUND"));
        as("bob").body("{\"status\": \"offline\"}").patch("/v1/agents/" + id).then().statusCode(404);
    }

    @Test
    void theSeedsSnakeCaseBodiesAreAcceptedAsAliases() {
        String team = RoutingApi.team("round_robin");
        String id = alice().body("""
                {"type": "bot", "name": "Seed bot", "status": "accepting_chats", "max_chats_count": 3,
                 "default_group_priority": "last", "groups": [{"id": "%s", "priority": "first"}],
                 "webhooks": {"url": "http://127.0.0.1:9/hooks", "secret_key": "JSauw0Aks8l-asAa",
                   "actions": [{"name": "incoming_event", "additional_data": ["chat_properties"],
                                "filters": {"chat_properties": {"source": {"type": {"values": ["webchat"]}}}}}]}}"""
                .formatted(team))
                .post("/v1/agents")
                .then().statusCode(201)
                .body("data.attributes.maxChatsCount", equalTo(3))
                .body("data.attributes.defaultGroupPriority", equalTo("last"))
                .body("data.attributes.webhooks.actions[0].additionalData[0]", equalTo("chat_properties"))
                // a filter's keys are the seed's own, kept as written
                .body("data.attributes.webhooks.actions[0].filters.chat_properties.source.type.values[0]", equalTo("webchat"))
                .extract().path("data.id");
        alice().body("{\"max_chats_count\": 4}").patch("/v1/agents/" + id)
                .then().statusCode(200).body("data.attributes.maxChatsCount", equalTo(4));
        alice().body("{\"name\": \"Seed team\", \"strategy\": \"load_balanced\"}").post("/v1/teams").then().statusCode(201);
        alice().body("{\"url\": \"http://127.0.0.1:9/h\", \"event_types\": [\"transfer.*\"]}").post("/v1/webhooks")
                .then().statusCode(201).body("data.attributes.eventTypes[0]", equalTo("transfer.*"));
    }

    @Test
    void listingShowsTheCallersOwnBotAgentsUnlessAllIsAskedAndAllowed() {
        String bot = RoutingApi.agent("\"type\": \"bot\", \"name\": \"Alice's bot\"");
        String human = RoutingApi.agent("\"name\": \"Agnes\", \"userId\": \"agnes\"");

        List<String> mine = alice().get("/v1/agents").then().statusCode(200).extract().path("data.id");
        assertThat(mine).containsExactly(bot);
        List<String> all = alice().get("/v1/agents?all=true").then().statusCode(200).extract().path("data.id");
        assertThat(all).contains(bot, human);
        alice().get("/v1/agents?all=true&type=human").then().statusCode(200).body("data.id", not(hasItem(bot)));

        // a developer reads routing but may not list every agent, and owns no bot agents
        as("dave").get("/v1/agents").then().statusCode(200).body("data.size()", equalTo(0));
        as("dave").get("/v1/agents?all=true").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        as("bob").get("/v1/agents?all=true").then().statusCode(200).body("data.id", not(hasItem(bot)));
    }

    @Test
    void meIsTheAgentLinkedToTheSignIn() {
        String human = RoutingApi.agent("\"name\": \"Agnes\", \"userId\": \"agnes\"");

        as("agnes").get("/v1/agents/me").then().statusCode(200)
                .body("data.id", equalTo(human)).body("data.attributes.name", equalTo("Agnes"));
        as("alice").get("/v1/agents/me").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("AGENT_NOT_FOUND"));
        // another tenant's user named like nobody here: not found, never Acme's agent
        as("bob").get("/v1/agents/me").then().statusCode(404).body("code", equalTo("AGENT_NOT_FOUND"));
    }

    @Test
    void changesApplyAndNullRemovesWebhooks() {
        String team = RoutingApi.team("load_balanced");
        String id = RoutingApi.agent("""
                "type": "bot", "name": "Helper", "avatar": "https://cdn.example.com/h.png",
                "webhooks": {"url": "http://127.0.0.1:9/h", "secretKey": "s3cret", "actions": [{"name": "incoming_chat_thread"}]}""");
        alice().body("""
                {"status": "not_accepting_chats", "maxChatsCount": 2, "defaultGroupPriority": "supervisor",
                 "groups": [{"id": "%s", "priority": "last"}], "webhooks": null, "avatar": null}""".formatted(team))
                .patch("/v1/agents/" + id)
                .then().statusCode(200)
                .body("data.attributes.status", equalTo("not_accepting_chats"))
                .body("data.attributes.maxChatsCount", equalTo(2))
                .body("data.attributes.defaultGroupPriority", equalTo("supervisor"))
                .body("data.attributes.groups[0].priority", equalTo("last"))
                .body("data.attributes.webhooks", nullValue())
                .body("data.attributes.avatar", nullValue())
                .body("data.attributes.name", equalTo("Helper"));
        assertThat(RoutingApi.get("/v1/teams/" + team + "/members").getList("data.id", String.class)).containsExactly(id);
        alice().delete("/v1/agents/" + id).then().statusCode(204);
        alice().get("/v1/agents/" + id).then().statusCode(404);
    }

    @Test
    void anIdempotencyKeyCreatesOneAgent() {
        String key = "agent-" + java.util.UUID.randomUUID();
        String body = "{\"type\": \"bot\", \"name\": \"Once\"}";
        String id = alice().header("Idempotency-Key", key).body(body).post("/v1/agents")
                .then().statusCode(201).extract().path("data.id");
        alice().header("Idempotency-Key", key).body(body).post("/v1/agents")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("data.id", equalTo(id));
        assertThat(alice().get("/v1/agents").then().extract().<List<String>>path("data.id")).containsExactly(id);
    }

    @Test
    void badInputIsAValidationErrorNamingTheField() {
        alice().body("{\"name\": \"X\", \"status\": \"busy\"}").post("/v1/agents")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("status"));
        alice().body("{\"name\": \"X\", \"maxChatsCount\": -1}").post("/v1/agents")
                .then().statusCode(400).body("errors[0].field", equalTo("maxChatsCount"));
        alice().body("{\"name\": \"X\", \"groups\": [{\"id\": \"team_x\", \"priority\": \"highest\"}]}").post("/v1/agents")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        alice().body("{\"name\": \"X\", \"groups\": [{\"id\": \"team_nope\", \"priority\": \"first\"}]}").post("/v1/agents")
                .then().statusCode(404).body("code", equalTo("TEAM_NOT_FOUND"));
        alice().body("""
                {"name": "X", "webhooks": {"url": "http://169.254.169.254/latest", "secretKey": "k",
                 "actions": [{"name": "incoming_chat_thread"}]}}""").post("/v1/agents")
                .then().statusCode(400).body("errors[0].field", equalTo("webhooks.url"));
        alice().body("{\"name\": \"X\", \"colour\": \"red\"}").post("/v1/agents")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        alice().body("{\"type\": \"bot\", \"name\": \"X\", \"userId\": \"agnes\"}").post("/v1/agents")
                .then().statusCode(400).body("errors[0].field", equalTo("userId"));
        as("dave").body("{\"name\": \"X\"}").post("/v1/agents").then().statusCode(403);
    }

    /**
     * A NUL (which PostgreSQL cannot store) at either end of a name or webhook URL is a 400 INVALID_CHARACTER, as within
     * it: trimming used to take it away and store the rest. Whitespace around a name is still trimmed.
     */
    @Test
    void aNulAtEitherEndOfAValueIsRefusedNotTrimmedAway() {
        for (String name : List.of("Agnes\\u0000", "\\u0000Agnes")) {
            alice().body("{\"name\": \"" + name + "\"}").post("/v1/agents")
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("INVALID_CHARACTER"));
        }
        alice().get("/v1/agents?all=true").then().statusCode(200).body("data.size()", equalTo(0));

        String id = RoutingApi.agent("\"type\": \"bot\", \"name\": \" Agnes\\t\"");
        alice().get("/v1/agents/" + id).then().statusCode(200).body("data.attributes.name", equalTo("Agnes"));
        alice().body("{\"name\": \"Agnes\\u0000\"}").patch("/v1/agents/" + id)
                .then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        alice().body("""
                {"webhooks": {"url": "http://127.0.0.1:9/h\\u0000", "secretKey": "k",
                 "actions": [{"name": "incoming_chat_thread"}]}}""").patch("/v1/agents/" + id)
                .then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        alice().get("/v1/agents/" + id).then().statusCode(200)
                .body("data.attributes.name", equalTo("Agnes")).body("data.attributes.webhooks", nullValue());
    }
}
