package dev.parley.routing.messaging;

import static dev.parley.routing.testing.RoutingApi.alice;
import static dev.parley.routing.testing.RoutingApi.as;
import static dev.parley.routing.testing.RoutingApi.member;
import static dev.parley.routing.testing.RoutingApi.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.events.conversation.ContactPanel;
import dev.parley.events.conversation.HandoffRequested;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.routing.testing.RoutingApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer's way through routing over the real broker: conversation-service's {@code handoff.requested} (sent
 * here with a plain producer, as that service will) becomes a transfer, an agent picks it up, and resuming it
 * publishes {@code transfer.resumed} keyed by the conversation, which hands the conversation back to the bot.
 */
@QuarkusTest
class HandoffFlowTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void reset() {
        RoutingApi.reset(dataSource);
    }

    @Test
    void aHandedOffCustomerIsPickedUpAndResumedBackToTheBot() throws Exception {
        String team = team("manual");
        String agent = member("Human", team, "normal", 2);
        String conversation = "conv_" + UUID.randomUUID();

        try (KafkaProbe routing = KafkaProbe.tail(Topics.ROUTING)) {
            String eventId = handoff(conversation, team, "customer_request", "Wants a refund");
            List<Map<String, Object>> found = awaitTransfers(conversation, 1);
            String transfer = (String) found.get(0).get("id");
            alice().get("/v1/transfers/" + transfer).then().statusCode(200)
                    .body("data.attributes.status", equalTo("waiting"))
                    .body("data.attributes.source", equalTo("handoff"))
                    .body("data.attributes.reason", equalTo("customer_request"))
                    .body("data.attributes.notes", equalTo("Wants a refund"))
                    .body("data.attributes.teamId", equalTo(team))
                    .body("data.attributes.botId", equalTo("bot_support"));
            alice().get("/v1/transfers?status=waiting").then().statusCode(200)
                    .body("meta.teamQueueCounts." + team, equalTo(1)).body("meta.generalQueueCount", equalTo(0));

            // the same event again (at-least-once delivery) and a second request while waiting change nothing
            send(conversation, eventId, handoffJson(conversation, team, "customer_request", "Wants a refund"));
            String second = handoff(conversation, team, "fallback_exceeded", null);
            awaitConsumed(second);
            assertThat(awaitTransfers(conversation, 1)).hasSize(1);

            alice().post("/v1/transfers/pickup?teamId=" + team + "&agentId=" + agent)
                    .then().statusCode(200).body("data.id", equalTo(transfer));
            alice().put("/v1/transfers/" + transfer + "/resume").then().statusCode(200)
                    .body("data.attributes.status", equalTo("resumed"));

            List<ConsumerRecord<String, String>> events = collect(routing, conversation, 4);
            assertThat(events).extracting(r -> KafkaProbe.header(r, CloudEventHeaders.TYPE))
                    .containsExactly("transfer.created", "bot.handoff", "transfer.assigned", "transfer.resumed");
            assertThat(events).allSatisfy(r -> assertThat(r.key()).isEqualTo(conversation));
            JsonNode handoff = json.readTree(events.get(1).value());
            assertThat(handoff.path("reason").asText()).isEqualTo("customer_request");
            assertThat(handoff.path("transfer").path("transferId").asText()).isEqualTo(transfer);
            // the agent's display name travels with the assignment (the webchat visitor sees it)
            assertThat(json.readTree(events.get(2).value()).path("agentName").asText()).isEqualTo("Human");
            JsonNode resumed = json.readTree(events.get(3).value());
            assertThat(resumed.path("transferId").asText()).isEqualTo(transfer);
            assertThat(resumed.path("conversationId").asText()).isEqualTo(conversation);
            assertThat(resumed.path("agentId").asText()).isEqualTo(agent);
            assertThat(resumed.path("botId").asText()).isEqualTo("bot_support");
            assertThat(resumed.path("status").asText()).isEqualTo("resumed");
            assertThat(KafkaProbe.header(events.get(3), CloudEventHeaders.TENANT_ID)).isEqualTo("tnt_acme");
        }
        // once resumed, the next handoff of that conversation is a new transfer
        awaitConsumed(handoff(conversation, null, "customer_request", null));
        assertThat(awaitTransfers(conversation, 2)).hasSize(2);
    }

    @Test
    void aHandoffNamingAnAgentGoesStraightToItWhileItHasRoom() {
        String team = team("manual");
        // a supervisor by default: no general-queue transfer (other test runs on this broker hand off too) takes its slot
        String target = RoutingApi.agent(
                "\"type\": \"bot\", \"name\": \"Successor bot\", \"maxChatsCount\": 1, \"defaultGroupPriority\": \"supervisor\"");
        String first = "conv_" + UUID.randomUUID();
        String second = "conv_" + UUID.randomUUID();
        send(first, "evt_" + UUID.randomUUID(), handoffJson(first, team, "bot_deactivated", null).replace("\"teamId\"",
                "\"agentId\": \"" + target + "\", \"teamId\""));
        send(second, "evt_" + UUID.randomUUID(), handoffJson(second, team, "bot_deactivated", null).replace("\"teamId\"",
                "\"agentId\": \"" + target + "\", \"teamId\""));
        // the two travel on different partitions: whichever comes first takes the agent's only slot
        List<Map<?, ?>> both = List.of((Map<?, ?>) awaitTransfers(first, 1).get(0).get("attributes"),
                (Map<?, ?>) awaitTransfers(second, 1).get(0).get("attributes"));
        assertThat(both).as("%s; all transfers: %s; agent: %s", both,
                        alice().get("/v1/transfers?perPage=100").asString(), alice().get("/v1/agents/" + target).asString())
                .filteredOn(t -> "assigned".equals(t.get("status"))).singleElement()
                .satisfies(t -> assertThat(t.get("agentId")).isEqualTo(target));
        assertThat(both).filteredOn(t -> "waiting".equals(t.get("status"))).singleElement()
                .satisfies(t -> assertThat(t.get("teamId")).isEqualTo(team));
    }

    @Test
    void aHandoffToATeamThatIsGoneWaitsInTheGeneralQueue() throws Exception {
        String conversation = "conv_" + UUID.randomUUID();
        handoff(conversation, "team_deleted_meanwhile", "flow_step", null);
        List<Map<String, Object>> found = awaitTransfers(conversation, 1);
        assertThat(found.get(0).get("attributes")).extracting("teamId").isNull();
    }

    @Test
    void aHandoffNamingAnotherTenantsTeamWaitsInItsOwnGeneralQueue() {
        // Globex's round-robin team with a free agent: an Acme customer must neither join it nor reach that agent
        String globexTeam = as("bob").body("{\"name\": \"Globex desk\", \"strategy\": \"round_robin\"}").post("/v1/teams")
                .then().statusCode(201).extract().path("data.id");
        String globexAgent = as("bob").body("{\"name\": \"Gus\", \"groups\": [{\"id\": \"" + globexTeam
                + "\", \"priority\": \"normal\"}]}").post("/v1/agents").then().statusCode(201).extract().path("data.id");
        String conversation = "conv_" + UUID.randomUUID();
        handoff(conversation, globexTeam, "customer_request", null);
        Map<String, Object> found = awaitTransfers(conversation, 1).get(0);
        assertThat(found.get("attributes")).extracting("teamId", "status", "agentId").containsExactly(null, "waiting", null);
        as("bob").get("/v1/agents/" + globexAgent).then().body("data.attributes.activeChats", equalTo(0));
    }

    @Test
    void aHandoffIntoATeamIsDecidedByThatTeamsStrategy() {
        // the same free member in a manual and in a round-robin team: only the round-robin team's customer is assigned
        String manual = team("manual");
        String roundRobin = team("round_robin");
        String agent = RoutingApi.agent("\"name\": \"Both\", \"maxChatsCount\": 2, \"groups\": [{\"id\": \"" + manual
                + "\", \"priority\": \"normal\"}, {\"id\": \"" + roundRobin + "\", \"priority\": \"normal\"}]");
        String toManual = "conv_" + UUID.randomUUID();
        String toRoundRobin = "conv_" + UUID.randomUUID();
        handoff(toManual, manual, "customer_request", null);
        handoff(toRoundRobin, roundRobin, "customer_request", null);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(awaitTransfers(toRoundRobin, 1).get(0).get("attributes"))
                        .extracting("teamId", "status", "agentId").containsExactly(roundRobin, "assigned", agent));
        assertThat(awaitTransfers(toManual, 1).get(0).get("attributes"))
                .extracting("teamId", "status", "agentId").containsExactly(manual, "waiting", null);
    }

    @Test
    void anUnreadableHandoffGoesToTheDeadLetterTopic() {
        try (KafkaProbe dlq = KafkaProbe.tail(Topics.CONVERSATIONS + Topics.DEAD_LETTER_SUFFIX)) {
            String conversation = "conv_" + UUID.randomUUID();
            send(conversation, "evt_" + UUID.randomUUID(), "{\"tenantId\": ");
            assertThat(dlq.await(r -> conversation.equals(r.key()), Duration.ofSeconds(20))).isPresent();
        }
        // the consumer goes on with the next one
        String next = "conv_" + UUID.randomUUID();
        handoff(next, null, "customer_request", null);
        assertThat(awaitTransfers(next, 1)).hasSize(1);
    }

    @Test
    void handoffsArrivingTogetherEachMakeOneTransferAndFillTheTeamWithinCapacity() {
        // records sent back to back reach the consumer in batches: repeats, a second request for the same conversation
        // and an unreadable record among them must not change what each customer gets
        String team = team("round_robin");
        String ann = member("Ann", team, "normal", 3);
        String bob = member("Bob", team, "normal", 3);
        List<String> conversations = new java.util.ArrayList<>();
        String unreadable = "conv_" + UUID.randomUUID();
        try (KafkaProbe dlq = KafkaProbe.tail(Topics.CONVERSATIONS + Topics.DEAD_LETTER_SUFFIX)) {
            for (int i = 0; i < 8; i++) {
                String conversation = "conv_" + UUID.randomUUID();
                conversations.add(conversation);
                String eventId = "evt_" + UUID.randomUUID();
                String value = handoffJson(conversation, team, "customer_request", null);
                send(conversation, eventId, value);
                send(conversation, eventId, value); // redelivered
                send(conversation, "evt_" + UUID.randomUUID(), value); // asked again while waiting
                if (i == 3) {
                    send(unreadable, "evt_" + UUID.randomUUID(), "{\"tenantId\": ");
                }
            }
            assertThat(dlq.await(r -> unreadable.equals(r.key()), Duration.ofSeconds(20))).isPresent();
            conversations.forEach(c -> awaitTransfers(c, 1));
            // only the unreadable record was dead-lettered
            assertThat(dlq.drain(Duration.ofSeconds(1))).noneMatch(r -> conversations.contains(r.key()));
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<Map<String, Object>> all = alice().get("/v1/transfers?perPage=100&teamId=" + team).then().statusCode(200)
                        .extract().jsonPath().getList("data.attributes");
                assertThat(all).hasSize(8);
                assertThat(all).extracting(t -> t.get("conversationId")).doesNotHaveDuplicates();
                // six slots: three each (round robin), the last two customers wait
                assertThat(all).filteredOn(t -> "assigned".equals(t.get("status"))).hasSize(6)
                        .extracting(t -> t.get("agentId")).containsOnly(ann, bob)
                        .filteredOn(ann::equals).hasSize(3);
                assertThat(all).filteredOn(t -> "waiting".equals(t.get("status"))).hasSize(2);
            });
            alice().get("/v1/agents/" + ann).then().body("data.attributes.activeChats", equalTo(3));
            alice().get("/v1/agents/" + bob).then().body("data.attributes.activeChats", equalTo(3));
        }
        // every record taken or dead-lettered is committed: a restarted replica does not read them again
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.handoffs.group.id", String.class);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> KafkaProbe.uncommitted(group, Topics.CONVERSATIONS) == 0);
    }

    /** Until the consumer has taken the event (recorded in its inbox, whether or not it created a transfer). */
    private void awaitConsumed(String eventId) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(
                    "select count(*) from processed_event where consumer = 'handoff-transfers' and event_id = ?")) {
                query.setString(1, eventId);
                try (var rows = query.executeQuery()) {
                    return rows.next() && rows.getInt(1) == 1;
                }
            }
        });
    }

    @Test
    void aTransferByApiNeedsAConversationRoutingKnowsAndShowsWhoIsInvolved() throws Exception {
        String team = team("manual");
        String agent = member("Agnes Human", team, "normal", 2);
        String conversation = "conv_" + UUID.randomUUID();
        String contact = "ct_" + UUID.randomUUID();
        alice().body("{\"contactId\": \"" + contact + "\"}").post("/v1/transfers")
                .then().statusCode(404).body("code", equalTo("CONTACT_NOT_FOUND"));
        alice().body("{\"conversationId\": \"" + conversation + "\"}").post("/v1/transfers")
                .then().statusCode(404).body("code", equalTo("CONVERSATION_NOT_FOUND"));

        // conversation-service announces the conversation; a contact-only transfer then finds it
        send(conversation, "evt_" + UUID.randomUUID(), "conversation.started", json.writeValueAsString(Map.of(
                "tenantId", "tnt_acme", "conversationId", conversation, "botId", "bot_support", "channelType", "webchat",
                "contactId", contact, "contactName", "Carla", "status", "open", "startedAt", "2026-11-26T10:00:00Z")));
        String transfer = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> alice().body("{\"contactId\": \"" + contact + "\", \"teamId\": \"" + team + "\"}").post("/v1/transfers"),
                answer -> answer.statusCode() != 404).then().statusCode(201)
                .body("data.attributes.conversationId", equalTo(conversation))
                .body("data.attributes.botId", equalTo("bot_support"))
                .body("data.attributes.source", equalTo("api"))
                .extract().path("data.id");
        as("bob").body("{\"conversationId\": \"" + conversation + "\"}").post("/v1/transfers")
                .then().statusCode(404).body("code", equalTo("CONVERSATION_NOT_FOUND"));
        alice().body("{\"agentId\": \"" + agent + "\"}").put("/v1/transfers/" + transfer + "/assign").then().statusCode(200)
                .body("data.attributes.contactName", equalTo("Carla"))
                .body("data.attributes.agentName", equalTo("Agnes Human"));
        // Whatomate's spelling of the filter, and the names the panel shows
        alice().get("/v1/transfers?team_id=" + team).then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].id", equalTo(transfer))
                .body("data[0].attributes.contactName", equalTo("Carla"))
                .body("data[0].attributes.agentName", equalTo("Agnes Human"))
                .body("data[0].attributes.teamName", startsWith("Team "));

        // closed conversations take no transfer
        alice().put("/v1/transfers/" + transfer + "/resume").then().statusCode(200);
        send(conversation, "evt_" + UUID.randomUUID(), "conversation.closed", json.writeValueAsString(Map.of(
                "tenantId", "tnt_acme", "conversationId", conversation, "contactId", contact, "status", "closed")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                alice().body("{\"conversationId\": \"" + conversation + "\"}").post("/v1/transfers")
                        .then().statusCode(409).body("code", equalTo("CONVERSATION_CLOSED")));
        alice().body("{\"contactId\": \"" + contact + "\"}").post("/v1/transfers")
                .then().statusCode(409).body("code", equalTo("NO_OPEN_CONVERSATION"));
    }

    @Test
    void aClosedConversationsTransferEndsAndTheAgentsSlotGoesToTheQueueOnce() throws Exception {
        anEndedConversationsTransferEndsAndTheAgentsSlotGoesToTheQueueOnce("conversation.closed");
    }

    @Test
    void anErasedConversationsTransferEndsAndTheAgentsSlotGoesToTheQueueOnce() throws Exception {
        anEndedConversationsTransferEndsAndTheAgentsSlotGoesToTheQueueOnce("conversation.deleted");
    }

    /**
     * conversation-service closes or erases a conversation that is with an agent at capacity while another customer
     * waits in the agent's queue (and one more conversation of that queue, still waiting, is closed too): the transfer
     * ends (resumed, {@code transfer.resumed} keyed by the conversation), the agent's slot goes to the waiting customer,
     * and the same event delivered again ends nothing more, not even a transfer opened since for that conversation.
     */
    private void anEndedConversationsTransferEndsAndTheAgentsSlotGoesToTheQueueOnce(String type) throws Exception {
        String team = team("round_robin");
        // a supervisor by default: no general-queue transfer (other test runs on this broker hand off too) takes its slot
        String agent = RoutingApi.agent("\"name\": \"Closer\", \"maxChatsCount\": 1, \"defaultGroupPriority\": \"supervisor\", "
                + "\"groups\": [{\"id\": \"" + team + "\", \"priority\": \"normal\"}]");
        String ending = RoutingApi.conversation("ct_" + UUID.randomUUID(), "Ena", "webchat");
        String waitingToo = RoutingApi.conversation("ct_" + UUID.randomUUID(), "Will", "webchat");
        String next = RoutingApi.conversation("ct_" + UUID.randomUUID(), "Nat", "webchat");
        String assigned = RoutingApi.transferOf(ending, team);
        String endsWaiting = RoutingApi.transferOf(waitingToo, team);
        String queued = RoutingApi.transferOf(next, team);
        assertThat(RoutingApi.agentOf(assigned)).isEqualTo(agent);
        assertThat(RoutingApi.statusOf(queued)).isEqualTo("waiting");
        alice().get("/v1/agents/" + agent).then().body("data.attributes.activeChats", equalTo(1));

        try (KafkaProbe routing = KafkaProbe.tail(Topics.ROUTING)) {
            String endedWaiting = "evt_" + UUID.randomUUID();
            send(waitingToo, endedWaiting, type, ended(waitingToo));
            awaitConsumed(endedWaiting);
            assertThat(RoutingApi.statusOf(endsWaiting)).isEqualTo("resumed");
            String eventId = "evt_" + UUID.randomUUID();
            String value = ended(ending);
            send(ending, eventId, type, value);
            awaitConsumed(eventId);

            alice().get("/v1/transfers/" + assigned).then().statusCode(200)
                    .body("data.attributes.status", equalTo("resumed"))
                    .body("data.attributes.agentId", equalTo(agent));
            // the freed slot went to the oldest waiting of the agent's queue, in the same transaction
            assertThat(RoutingApi.statusOf(queued)).isEqualTo("assigned");
            assertThat(RoutingApi.agentOf(queued)).isEqualTo(agent);
            alice().get("/v1/agents/" + agent).then().body("data.attributes.activeChats", equalTo(1));
            List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                seen.addAll(routing.drain(Duration.ofMillis(300)).stream().filter(r -> ending.equals(r.key())).toList());
                return seen.stream().anyMatch(r -> "transfer.resumed".equals(KafkaProbe.header(r, CloudEventHeaders.TYPE)));
            });

            // a transfer opened since for that conversation (a handoff naming it) is not ended by a redelivery
            String handoff = handoff(ending, team, "customer_request", null);
            awaitConsumed(handoff);
            String reopened = (String) awaitTransfers(ending, 2).stream().map(t -> t.get("id"))
                    .filter(id -> !assigned.equals(id)).findFirst().orElseThrow();
            send(ending, eventId, type, value); // redelivered
            String after = handoff(ending, team, "customer_request", null); // same key: read after the redelivery
            awaitConsumed(after);
            assertThat(RoutingApi.statusOf(reopened)).isEqualTo("waiting");
            assertThat(RoutingApi.agentOf(queued)).isEqualTo(agent);
            alice().get("/v1/agents/" + agent).then().body("data.attributes.activeChats", equalTo(1));
            seen.addAll(routing.drain(Duration.ofSeconds(2)).stream().filter(r -> ending.equals(r.key())).toList());
            List<ConsumerRecord<String, String>> resumed = seen.stream()
                    .filter(r -> "transfer.resumed".equals(KafkaProbe.header(r, CloudEventHeaders.TYPE))).toList();
            assertThat(resumed).hasSize(1);
            JsonNode event = json.readTree(resumed.get(0).value());
            assertThat(event.path("transferId").asText()).isEqualTo(assigned);
            assertThat(event.path("agentId").asText()).isEqualTo(agent);
            assertThat(event.path("status").asText()).isEqualTo("resumed");
        }
        if ("conversation.deleted".equals(type)) {
            alice().body("{\"conversationId\": \"" + waitingToo + "\"}").post("/v1/transfers")
                    .then().statusCode(404).body("code", equalTo("CONVERSATION_NOT_FOUND"));
        } else {
            alice().body("{\"conversationId\": \"" + waitingToo + "\"}").post("/v1/transfers")
                    .then().statusCode(409).body("code", equalTo("CONVERSATION_CLOSED"));
        }
    }

    private String ended(String conversation) throws Exception {
        return json.writeValueAsString(Map.of("tenantId", "tnt_acme", "conversationId", conversation, "status", "closed"));
    }

    @Test
    void aFlowStepsTransferHasSourceFlow() {
        String conversation = "conv_" + UUID.randomUUID();
        handoff(conversation, null, "flow_transfer", null);
        assertThat(awaitTransfers(conversation, 1).get(0).get("attributes")).extracting(a -> ((Map<?, ?>) a).get("source"))
                .isEqualTo("flow");
    }

    @Test
    void aHandoffsContactPanelsShowWithTheTransfer() throws Exception {
        String conversation = "conv_" + UUID.randomUUID();
        ContactPanel panel = new ContactPanel("flow_intake", "Intake", List.of(new ContactPanel.Section("customer",
                "Customer Info", 1, true, false, 1, List.of(
                        new ContactPanel.Field("name", "Name", 1, "badge", "success", "Ann"),
                        new ContactPanel.Field("city", "City", 2, null, null, null)))));
        send(conversation, "evt_" + UUID.randomUUID(), json.writeValueAsString(new HandoffRequested("tnt_acme", conversation,
                "contact_1", "bot_support", null, null, "flow_transfer", "From Ann", List.of(panel))));
        String transfer = (String) awaitTransfers(conversation, 1).get(0).get("id");
        alice().get("/v1/transfers/" + transfer).then().statusCode(200)
                .body("data.attributes.source", equalTo("flow"))
                .body("data.attributes.panels[0].flowName", equalTo("Intake"))
                .body("data.attributes.panels[0].sections[0].label", equalTo("Customer Info"))
                .body("data.attributes.panels[0].sections[0].fields[0].key", equalTo("name"))
                .body("data.attributes.panels[0].sections[0].fields[0].value", equalTo("Ann"))
                .body("data.attributes.panels[0].sections[0].fields[0].displayType", equalTo("badge"))
                .body("data.attributes.panels[0].sections[0].fields[1].value", org.hamcrest.Matchers.nullValue());
        alice().get("/v1/transfers?perPage=100").then().statusCode(200)
                .body("data.find { it.id == '" + transfer + "' }.attributes.panels[0].sections[0].fields[0].value", equalTo("Ann"));

        // a handoff without panels has none
        String plain = "conv_" + UUID.randomUUID();
        handoff(plain, null, "customer_request", null);
        String other = (String) awaitTransfers(plain, 1).get(0).get("id");
        alice().get("/v1/transfers/" + other).then().statusCode(200).body("data.attributes.panels", org.hamcrest.Matchers.nullValue());
    }

    private String handoff(String conversation, String team, String reason, String notes) {
        String eventId = "evt_" + UUID.randomUUID();
        send(conversation, eventId, handoffJson(conversation, team, reason, notes));
        return eventId;
    }

    private String handoffJson(String conversation, String team, String reason, String notes) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("tenantId", "tnt_acme");
        data.put("conversationId", conversation);
        data.put("contactId", "contact_1");
        data.put("botId", "bot_support");
        data.put("teamId", team);
        data.put("reason", reason);
        data.put("notes", notes);
        try {
            return json.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAgentLoopsTransferToolOnTheGatewaysTopicBecomesATransfer() {
        String team = team("manual");
        String conversation = "conv_" + UUID.randomUUID();
        KafkaProbe.send(Topics.AGENT_LOOPS, conversation, handoffJson(conversation, team, "agent_loop", "Asked by the loop"),
                Map.of(CloudEventHeaders.ID, UUID.randomUUID().toString(),
                        CloudEventHeaders.TYPE, "handoff.requested",
                        CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                        CloudEventHeaders.SOURCE, "/parley/llm-gateway",
                        CloudEventHeaders.TENANT_ID, "tnt_acme",
                        CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
        String transfer = (String) awaitTransfers(conversation, 1).get(0).get("id");
        alice().get("/v1/transfers/" + transfer).then().statusCode(200)
                .body("data.attributes.reason", equalTo("agent_loop"))
                .body("data.attributes.teamId", equalTo(team));
    }

    private static void send(String conversation, String eventId, String value) {
        send(conversation, eventId, "handoff.requested", value);
    }

    static void send(String conversation, String eventId, String type, String value) {
        KafkaProbe.send(Topics.CONVERSATIONS, conversation, value, Map.of(
                CloudEventHeaders.ID, eventId,
                CloudEventHeaders.TYPE, type,
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.SOURCE, "/parley/conversation-service",
                CloudEventHeaders.TENANT_ID, "tnt_acme",
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
    }

    private static List<Map<String, Object>> awaitTransfers(String conversation, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Map<String, Object>> all = alice().get("/v1/transfers?perPage=100").then().statusCode(200)
                    .extract().jsonPath().getList("data");
            return all.stream().filter(t -> conversation.equals(((Map<?, ?>) t.get("attributes")).get("conversationId")))
                    .toList();
        }, found -> found.size() >= count);
    }

    private static List<ConsumerRecord<String, String>> collect(KafkaProbe probe, String key, int count) {
        List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (seen.size() < count && System.currentTimeMillis() < deadline) {
            probe.drain(Duration.ofMillis(300)).stream().filter(r -> key.equals(r.key())).forEach(seen::add);
        }
        return seen;
    }
}
