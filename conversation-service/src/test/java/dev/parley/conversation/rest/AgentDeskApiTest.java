package dev.parley.conversation.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.RoutingServiceFake;
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

/**
 * What the agent desk needs from conversation-service: private notes, replies recorded with the agent (an agent of the
 * tenant, as routing-service knows them: here a WireMock standing in for it, the e2e suite runs the real one), new
 * messages only.
 */
@QuarkusTest
class AgentDeskApiTest extends EngineTestBase {

    static final String ACME = "tnt_acme";

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
        String agent = RoutingServiceFake.agent(ACME, Ids.generate("agt"));
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
        String supervisor = RoutingServiceFake.agent(ACME, Ids.generate("agt"));
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
    void aReplyOrNoteNamingAnAgentNotOfTheTenantIsRefusedAndNothingIsStored() {
        String conv = Channels.say(channel, "named-" + UUID.randomUUID(), "agent");
        decided(conv);
        List<String> transcript = Conversations.messages(conv).getList("data.id");
        String madeUp = Ids.generate("agt");
        // routing-service knows this one, but as an agent of Globex only
        String globexAgent = RoutingServiceFake.agent("tnt_globex", Ids.generate("agt"));
        String key = UUID.randomUUID().toString();
        for (String agent : List.of(madeUp, globexAgent)) {
            for (String path : List.of("/messages", "/notes")) {
                as("alice").header("Idempotency-Key", key)
                        .body("{\"text\": \"Written by " + agent + "\", \"agentId\": \"" + agent + "\"}")
                        .post("/v1/conversations/" + conv + path).then().statusCode(400)
                        .contentType("application/problem+json")
                        .body("code", equalTo("VALIDATION_ERROR"))
                        .body("errors", hasSize(1))
                        .body("errors[0].field", equalTo("agentId"))
                        .body("errors[0].message", equalTo("is not an agent of this tenant"));
            }
        }
        // asked for the caller's tenant, with conversation-service's own token
        for (String agent : List.of(madeUp, globexAgent)) {
            RoutingServiceFake.wiremock().verify(2, getRequestedFor(urlEqualTo("/routing-service/v1/agents/" + agent))
                    .withHeader("Authorization", matching("Bearer ey.+"))
                    .withHeader("X-Parley-Tenant-Id", WireMock.equalTo(ACME)));
        }
        // nothing stored: no message, no note, nothing delivered
        assertThat(Conversations.messages(conv).getList("data.id", String.class)).isEqualTo(transcript);
        as("alice").get("/v1/conversations/" + conv + "/notes").then().statusCode(200).body("data", hasSize(0));
        Fakes.wiremock().verify(0, postRequestedFor(urlPathMatching("/hook/.*"))
                .withRequestBody(WireMock.containing("Written by")));
        // nor the Idempotency-Key: it was not spent on a refusal, so another request with it creates
        String agnes = RoutingServiceFake.agent(ACME, Ids.generate("agt"));
        as("alice").header("Idempotency-Key", key).body("{\"text\": \"Written by Agnes\", \"agentId\": \"" + agnes + "\"}")
                .post("/v1/conversations/" + conv + "/notes").then().statusCode(201)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue())
                .body("data.attributes.agentId", equalTo(agnes));
        // the tenant's agent, seen from another tenant, is no agent of that one
        as("bob").body("{\"text\": \"x\", \"agentId\": \"" + agnes + "\"}").post("/v1/conversations/" + conv + "/notes")
                .then().statusCode(400).body("errors[0].field", equalTo("agentId"));
    }

    @Test
    void routingServiceFailingOrUnreachableIsA503AndNothingIsStored() {
        String conv = Channels.say(channel, "unchecked-" + UUID.randomUUID(), "agent");
        decided(conv);
        List<String> transcript = Conversations.messages(conv).getList("data.id");
        String failing = Ids.generate("agt");
        String unreachable = Ids.generate("agt");
        RoutingServiceFake.wiremock().stubFor(get(urlEqualTo("/routing-service/v1/agents/" + failing))
                .willReturn(aResponse().withStatus(500)));
        RoutingServiceFake.wiremock().stubFor(get(urlEqualTo("/routing-service/v1/agents/" + unreachable))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        for (String agent : List.of(failing, unreachable)) {
            for (String path : List.of("/messages", "/notes")) {
                as("alice").header("Idempotency-Key", UUID.randomUUID().toString())
                        .body("{\"text\": \"Unchecked " + agent + "\", \"agentId\": \"" + agent + "\"}")
                        .post("/v1/conversations/" + conv + path).then().statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", notNullValue())
                        .body("code", equalTo("ROUTING_SERVICE_UNAVAILABLE"));
            }
        }
        assertThat(Conversations.messages(conv).getList("data.id", String.class)).isEqualTo(transcript);
        as("alice").get("/v1/conversations/" + conv + "/notes").then().statusCode(200).body("data", hasSize(0));
        Fakes.wiremock().verify(0, postRequestedFor(urlPathMatching("/hook/.*"))
                .withRequestBody(WireMock.containing("Unchecked")));

        // without agentId routing-service is not asked: the reply is stored and delivered as before
        int asked = RoutingServiceFake.wiremock().findAll(getRequestedFor(urlPathMatching("/routing-service/.*"))).size();
        as("agnes").body("{\"text\": \"Still here.\"}").post("/v1/conversations/" + conv + "/messages")
                .then().statusCode(201).body("data.attributes.sender", equalTo("agent"));
        assertThat(RoutingServiceFake.wiremock().findAll(getRequestedFor(urlPathMatching("/routing-service/.*"))))
                .hasSize(asked);
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
