package dev.parley.conversation.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the agent desk needs from conversation-service: private notes, replies recorded with the agent, new messages only. */
@QuarkusTest
class AgentDeskApiTest extends EngineTestBase {

    TestBot bot;
    String channel;

    @BeforeEach
    void bot() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
        bot = new TestBot();
        bot.handoff = new BotBehaviors.Handoff(true, List.of("agent"), null);
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        channel = publishWithWebhook(bot);
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user)).contentType("application/json");
    }

    @Test
    void privateNotesStayWithTheTenantsPeopleAndNeverReachTheContact() {
        String conv = Channels.say(channel, "noted-" + UUID.randomUUID(), "agent");
        decided(conv);
        String agent = Ids.generate("agt");
        String note = as("agnes").body("{\"text\": \"VIP customer, offer express shipping\", \"agentId\": \"" + agent + "\"}")
                .post("/v1/conversations/" + conv + "/notes").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/v1/conversations/" + conv + "/notes/note_"))
                .body("data.id", startsWith("note_"))
                .body("data.type", equalTo("note"))
                .body("data.attributes.agentId", equalTo(agent))
                .body("data.attributes.createdBy", equalTo("agnes"))
                .extract().path("data.id");
        as("alice").get("/v1/conversations/" + conv + "/notes").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(note))
                .body("data[0].attributes.text", equalTo("VIP customer, offer express shipping"))
                .body("meta.pagination.totalCount", equalTo(1));

        // not a message: not in the transcript, never delivered
        as("alice").get("/v1/conversations/" + conv + "/messages?perPage=100").then().statusCode(200)
                .body("data.attributes.text", not(hasItem("VIP customer, offer express shipping")));
        Fakes.wiremock().verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathMatching("/hook/.*"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("VIP customer")));

        // a retry with the same key writes once
        String key = UUID.randomUUID().toString();
        String first = as("agnes").header("Idempotency-Key", key).body("{\"text\": \"called back\"}")
                .post("/v1/conversations/" + conv + "/notes").then().statusCode(201).extract().path("data.id");
        as("agnes").header("Idempotency-Key", key).body("{\"text\": \"called back\"}")
                .post("/v1/conversations/" + conv + "/notes").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("data.id", equalTo(first));
        as("alice").get("/v1/conversations/" + conv + "/notes").then().body("data", hasSize(2));
        // the key names this note on this conversation: on another it is not a replay of this one
        String elsewhere = Channels.say(channel, "noted-" + UUID.randomUUID(), "hours");
        as("agnes").header("Idempotency-Key", key).body("{\"text\": \"called back\"}")
                .post("/v1/conversations/" + elsewhere + "/notes").then().statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        as("alice").get("/v1/conversations/" + elsewhere + "/notes").then().body("data", hasSize(0));

        // another tenant: as missing as a conversation that does not exist
        as("bob").get("/v1/conversations/" + conv + "/notes").then().statusCode(404)
                .body("code", equalTo("CONVERSATION_NOT_FOUND"));
        as("bob").body("{\"text\": \"hello\"}").post("/v1/conversations/" + conv + "/notes").then().statusCode(404);
        as("alice").get("/v1/conversations/conv_nope/notes").then().statusCode(404);

        // bad input
        as("agnes").body("{\"text\": \"  \"}").post("/v1/conversations/" + conv + "/notes").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("text"));
        as("agnes").body("{\"text\": \"x\", \"agentId\": \"agnes\"}").post("/v1/conversations/" + conv + "/notes")
                .then().statusCode(400).body("errors[0].field", equalTo("agentId"));
        as("agnes").body("{\"text\": \"x\", \"pinned\": true}").post("/v1/conversations/" + conv + "/notes")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        as("agnes").body("{\"text\": ").post("/v1/conversations/" + conv + "/notes")
                .then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));

        // erasing the conversation erases its notes
        as("alice").delete("/v1/conversations/" + conv).then().statusCode(204);
        long left = QuarkusTransaction.requiringNew().call(() -> ((Number) configs.getEntityManager()
                .createNativeQuery("select count(*) from note where conversation_id = ?1").setParameter(1, conv)
                .getSingleResult()).longValue());
        assertThat(left).isZero();
    }

    @Test
    void anAgentsReplyIsRecordedWithTheAgentNotTheSignedInUser() {
        String conv = Channels.say(channel, "assigned-" + UUID.randomUUID(), "agent");
        decided(conv);
        String agent = Ids.generate("agt");
        KafkaProbe.send(Topics.ROUTING, conv, "{\"conversationId\":\"" + conv + "\",\"tenantId\":\"tnt_acme\","
                + "\"transferId\":\"tr_1\",\"agentId\":\"" + agent + "\",\"status\":\"assigned\"}",
                BotConfigs.headers(Ids.generate("evt"), "transfer.assigned", "tnt_acme"));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                agent.equals(Conversations.conversation(conv).getString("data.attributes.agentId")));

        // without agentId: the agent routing assigned; never "agnes"
        as("agnes").body("{\"text\": \"Hi, I am Agnes.\"}").post("/v1/conversations/" + conv + "/messages")
                .then().statusCode(201).body("data.attributes.sender", equalTo("agent"))
                .body("data.attributes.agentId", equalTo(agent));
        // with agentId (a supervisor stepping in): that agent
        String supervisor = Ids.generate("agt");
        as("alice").body("{\"text\": \"Supervisor here.\", \"agentId\": \"" + supervisor + "\"}")
                .post("/v1/conversations/" + conv + "/messages").then().statusCode(201)
                .body("data.attributes.agentId", equalTo(supervisor));
        as("alice").body("{\"text\": \"x\", \"agentId\": \"alice\"}").post("/v1/conversations/" + conv + "/messages")
                .then().statusCode(400).body("errors[0].field", equalTo("agentId"));

        List<String> agents = as("alice").get("/v1/conversations/" + conv + "/messages?perPage=100")
                .then().statusCode(200).extract().path("data.findAll { it.attributes.sender == 'agent' }.attributes.agentId");
        assertThat(agents).containsExactly(agent, supervisor);
    }

    @Test
    void afterAMessageOnlyTheNewerOnesAreListedAndSessionsFilterByConversation() {
        String contact = "poller-" + UUID.randomUUID();
        String conv = Channels.say(channel, contact, "hours");
        decided(conv);
        List<String> ids = as("alice").get("/v1/conversations/" + conv + "/messages").then().statusCode(200)
                .extract().path("data.id");
        assertThat(ids).hasSize(2);
        as("alice").get("/v1/conversations/" + conv + "/messages?after=" + ids.get(1)).then().statusCode(200)
                .body("data", hasSize(0)).body("meta.pagination.totalCount", equalTo(0));
        assertThat(Channels.say(channel, contact, "hours")).isEqualTo(conv);
        decided(conv);
        as("alice").get("/v1/conversations/" + conv + "/messages?after=" + ids.get(1)).then().statusCode(200)
                .body("data", hasSize(2)).body("data[0].attributes.text", equalTo("hours"))
                .body("data[1].attributes.text", equalTo("9 to 5"));
        // a message of another conversation is no cursor here
        String other = Channels.say(channel, "other-" + UUID.randomUUID(), "hours");
        decided(other);
        String foreign = as("alice").get("/v1/conversations/" + other + "/messages").then().extract().path("data[0].id");
        as("alice").get("/v1/conversations/" + conv + "/messages?after=" + foreign).then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("after"));

        as("alice").get("/v1/sessions?conversationId=" + conv).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].attributes.conversationId", equalTo(conv));
        as("bob").get("/v1/sessions?conversationId=" + conv).then().statusCode(200).body("data", hasSize(0));
    }
}
