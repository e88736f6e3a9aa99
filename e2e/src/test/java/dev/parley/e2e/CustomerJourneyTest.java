package dev.parley.e2e;

import static dev.parley.e2e.ServiceProcesses.BOT;
import static dev.parley.e2e.ServiceProcesses.CONVERSATION;
import static dev.parley.e2e.ServiceProcesses.LLM;
import static dev.parley.e2e.ServiceProcesses.ROUTING;
import static dev.parley.e2e.ServiceProcesses.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.testing.Keycloak;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7's whole-system story against the four packaged services and the real Keycloak, Kafka, PostgreSQL and
 * Redis: a tenant admin builds a bot with a knowledge base, a flow and a keyword rule; a customer talks to it over
 * webchat, goes through the flow and is handed off; an agent picks up and replies; the bot is resumed and answers
 * from the knowledge base; the tenant's webhook endpoint receives every event signed, once; the bot's stats show
 * the conversation; and another tenant sees none of it.
 */
@ExtendWith(ServiceProcesses.class)
class CustomerJourneyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static RequestSpecification as(String token, int port) {
        return given().baseUri(url(port)).header("Authorization", "Bearer " + token).contentType("application/json");
    }

    static String created(ValidatableResponse response) {
        return response.statusCode(201).extract().path("data.id");
    }

    @Test
    void aCustomerGoesFromBotToAgentAndBackAndTheTenantSeesItAll() throws Exception {
        String alice = Keycloak.token("alice");
        String run = Long.toString(System.currentTimeMillis(), 36); // names are unique per tenant; runs share databases
        try (TenantWebhookEndpoint endpoint = new TenantWebhookEndpoint()) {
            // The tenant's webhook subscription, secret shown once.
            JsonNode subscription = JSON.readTree(as(alice, ROUTING).body("""
                    {"url": "%s", "eventTypes": ["conversation.*", "message.*", "transfer.*"]}""".formatted(endpoint.url()))
                    .post("/v1/webhooks").then().statusCode(201).extract().asString());
            String secret = subscription.path("data").path("attributes").path("secret").asText();
            assertThat(secret).startsWith("whsec_");

            // Routing: a manual team (agents pick up) with one agent, who takes nothing from the tenant's general
            // queue automatically (supervisor by default): the databases are shared with earlier test runs.
            String team = created(as(alice, ROUTING).body("""
                    {"name": "E2E support %s", "strategy": "manual"}""".formatted(run)).post("/v1/teams").then());
            String agent = created(as(alice, ROUTING).body("""
                    {"type": "human", "name": "Agnes", "maxChatsCount": 3, "defaultGroupPriority": "supervisor", "groups": [{"id": "%s", "priority": "first"}]}"""
                    .formatted(team)).post("/v1/agents").then());

            // Bot configuration: a knowledge base, a flow ending in a transfer, a keyword rule, a webchat channel.
            String kb = created(as(alice, BOT).body("""
                    {"name": "Shop FAQ %s"}""".formatted(run)).post("/v1/knowledge-bases").then());
            as(alice, BOT).body("""
                    {"title": "Shipping", "contentType": "markdown", "content": "# Shipping\\n\\nStandard shipping takes 3 to 5 business days; express shipping arrives the next day."}""")
                    .post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(201);
            as(alice, BOT).body("""
                    {"title": "Returns", "contentType": "text", "content": "You can return any item within 30 days for a full refund."}""")
                    .post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(201);
            String flow = created(as(alice, BOT).body("""
                    {"name": "Feedback %s", "triggerKeywords": ["feedback"], "initialMessage": "Happy to hear from you.",
                     "steps": [
                       {"stepName": "rating", "stepOrder": 1, "message": "How was your experience?", "messageType": "buttons",
                        "inputType": "select", "storeAs": "rating",
                        "buttons": [{"id": "great", "title": "Great"}, {"id": "poor", "title": "Poor"}]},
                       {"stepName": "handoff", "stepOrder": 2, "message": "Connecting you with our team.",
                        "messageType": "transfer", "transferConfig": {"teamId": "%s", "notes": "Rating: {{rating}}"}}]}"""
                    .formatted(run, team)).post("/v1/flows").then());
            String bot = created(as(alice, BOT).body("""
                    {"name": "E2E Shop Bot %s", "provider": "retrieval", "model": "retrieval", "knowledgeBaseId": "%s",
                     "flowIds": ["%s"], "behaviors": {"greeting": {"enabled": true, "message": "Welcome to Acme!"}}}"""
                    .formatted(run, kb, flow)).post("/v1/bots").then());
            as(alice, BOT).body("""
                    {"name": "Hours", "keywords": ["hours"], "matchType": "contains", "response": {"text": "We are open 9 to 5."}}""")
                    .post("/v1/bots/" + bot + "/keyword-rules").then().statusCode(201);
            String channel = created(as(alice, BOT).body("""
                    {"type": "webchat", "name": "Shop website %s"}""".formatted(run)).post("/v1/channels").then());
            as(alice, BOT).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + bot + "/channels")
                    .then().statusCode(org.hamcrest.Matchers.either(equalTo(200)).or(equalTo(201)));
            String job = as(alice, BOT).body("{}").post("/v1/bots/" + bot + "/train").then().statusCode(202)
                    .extract().path("data.id");
            await().atMost(PATIENCE).until(() -> "completed".equals(as(alice, BOT)
                    .get("/v1/bots/" + bot + "/training-jobs/" + job).then().extract().path("data.attributes.status")));
            as(alice, BOT).post("/v1/bots/" + bot + "/activate").then().statusCode(200);

            // The customer, over webchat.
            JsonNode session = JSON.readTree(given().baseUri(url(CONVERSATION)).contentType("application/json")
                    .body("{\"channelId\": \"" + channel + "\", \"name\": \"Carla\"}").post("/v1/webchat/sessions")
                    .then().statusCode(201).extract().asString()).path("data");
            Visitor carla = new Visitor(session.path("id").asText(), session.path("attributes").path("token").asText());

            // The bot's configuration reaches conversation-service through Kafka: wait until it greets.
            String conversation = carla.say("hello");
            carla.awaitReply(text -> text.contains("Welcome to Acme!"));
            carla.say("what are your hours?");
            carla.awaitReply(text -> text.equals("We are open 9 to 5."));
            carla.say("I want to leave feedback");
            carla.awaitReply(text -> text.contains("How was your experience?"));
            carla.press("great");
            carla.awaitReply(text -> text.contains("Connecting you with our team."));

            // Routing: the handoff became a transfer in the team's queue, with the flow's notes; the agent picks it up.
            await().atMost(PATIENCE).untilAsserted(() -> as(alice, ROUTING).queryParam("teamId", team)
                    .queryParam("status", "waiting").get("/v1/transfers").then().statusCode(200)
                    .body("data.attributes.conversationId", hasItem(conversation)));
            JsonNode transfer = JSON.readTree(as(alice, ROUTING).queryParam("teamId", team).queryParam("agentId", agent)
                    .post("/v1/transfers/pickup").then().log().ifValidationFails().statusCode(200).extract().asString())
                    .path("data");
            assertThat(transfer.path("attributes").path("conversationId").asText()).isEqualTo(conversation);
            assertThat(transfer.path("attributes").path("notes").asText()).isEqualTo("Rating: Great");

            // While handed off the bot is silent; the agent's reply reaches the customer.
            carla.say("are you a human?");
            as(alice, CONVERSATION).body("{\"text\": \"Yes, this is Agnes. How can I help?\"}")
                    .post("/v1/conversations/" + conversation + "/messages").then().statusCode(201);
            carla.awaitReply(text -> text.equals("Yes, this is Agnes. How can I help?"));
            assertThat(carla.botRepliesAfter("are you a human?")).isEmpty();

            // Back to the bot, which answers from the knowledge base.
            as(alice, ROUTING).put("/v1/transfers/" + transfer.path("id").asText() + "/resume").then().statusCode(200);
            // (the resume reaches conversation-service over Kafka: until it does, a question meets the silent bot)
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreException(ConditionTimeoutException.class)
                    .untilAsserted(() -> {
                carla.say("How long does shipping take?");
                carla.awaitReply(text -> text.contains("3 to 5 business days"), Duration.ofSeconds(5));
            });

            // The tenant's endpoint: every event signed, each message once.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(types(endpoint.deliveries, conversation))
                    .contains("conversation.started", "message.received", "message.sent", "transfer.created",
                            "transfer.assigned", "transfer.resumed"));
            assertThat(endpoint.deliveries).allSatisfy(d -> assertThat(d.signedWith(secret)).as(d.id()).isTrue());
            List<String> ids = endpoint.deliveries.stream().map(TenantWebhookEndpoint.Delivery::id).toList();
            assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);

            // The bot's stats, from the events.
            await().atMost(PATIENCE).untilAsserted(() -> as(alice, BOT).get("/v1/bots/" + bot + "/stats?period=1h")
                    .then().statusCode(200)
                    .body("data.attributes.conversations.total", equalTo(1))
                    .body("data.attributes.conversations.handedOff", equalTo(1))
                    .body("data.attributes.topHandoffReasons.reason", not(org.hamcrest.Matchers.empty())));

            // Another tenant sees none of it.
            String bob = Keycloak.token("bob");
            as(bob, BOT).get("/v1/bots/" + bot).then().statusCode(404);
            as(bob, BOT).get("/v1/knowledge-bases/" + kb).then().statusCode(404);
            as(bob, CONVERSATION).get("/v1/conversations/" + conversation).then().statusCode(404);
            as(bob, ROUTING).get("/v1/transfers/" + transfer.path("id").asText()).then().statusCode(404);
            as(bob, ROUTING).get("/v1/agents/" + agent).then().statusCode(404);
            as(bob, LLM).get("/v1/usage?groupBy=bot").then().statusCode(200)
                    .body("data.id", not(hasItem(bot)));
        }
    }

    /** The event types delivered for one conversation. */
    private static Set<String> types(List<TenantWebhookEndpoint.Delivery> deliveries, String conversation) {
        Set<String> types = new HashSet<>();
        for (TenantWebhookEndpoint.Delivery d : deliveries) {
            try {
                JsonNode event = JSON.readTree(d.body());
                if (event.toString().contains(conversation)) {
                    types.add(event.path("type").asText());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return types;
    }

    /** A webchat visitor: sends messages and reads the conversation's history. */
    record Visitor(String session, String token) {

        String say(String text) {
            return send("{\"text\": \"" + text + "\"}");
        }

        String press(String buttonId) {
            return send("{\"buttonId\": \"" + buttonId + "\"}");
        }

        private String send(String body) {
            return given().baseUri(url(CONVERSATION)).header("X-Webchat-Token", token).contentType("application/json")
                    .body(body).post("/v1/webchat/sessions/" + session + "/messages")
                    .then().statusCode(202).extract().path("data.conversationId");
        }

        List<JsonNode> history() throws Exception {
            JsonNode data = JSON.readTree(given().baseUri(url(CONVERSATION)).header("X-Webchat-Token", token)
                    .get("/v1/webchat/sessions/" + session + "/messages").then().statusCode(200).extract().asString())
                    .path("data");
            List<JsonNode> messages = new ArrayList<>();
            data.forEach(messages::add);
            return messages;
        }

        void awaitReply(Predicate<String> expected) {
            awaitReply(expected, PATIENCE);
        }

        void awaitReply(Predicate<String> expected, Duration within) {
            await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> history().stream()
                    .filter(m -> !"contact".equals(m.path("sender").asText()))
                    .anyMatch(m -> expected.test(m.path("text").asText())));
        }

        /** What the bot said after the customer's message {@code text}. */
        List<String> botRepliesAfter(String text) throws Exception {
            List<String> after = new ArrayList<>();
            boolean seen = false;
            for (JsonNode m : history()) {
                if (seen && "bot".equals(m.path("sender").asText())) {
                    after.add(m.path("text").asText());
                }
                seen |= text.equals(m.path("text").asText());
            }
            return after;
        }
    }
}
