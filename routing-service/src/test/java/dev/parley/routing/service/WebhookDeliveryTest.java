package dev.parley.routing.service;

import static dev.parley.routing.testing.RoutingApi.alice;
import static dev.parley.routing.testing.RoutingApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.routing.testing.RoutingApi;
import dev.parley.routing.testing.StandardWebhooksLibrary;
import dev.parley.routing.testing.WebhookEndpoint;
import dev.parley.routing.testing.WebhookEndpoint.Received;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries to a real HTTP endpoint on this machine (loopback allowed by test configuration only):
 * signatures, the retry schedule ({@code 1s,2s,4s} ±10 % in tests), 410, no redirects, a replica dying
 * mid-delivery, manual redelivery, and agents' own webhooks.
 */
@QuarkusTest
class WebhookDeliveryTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    WebhookEndpoint endpoint;

    @BeforeEach
    void start() {
        RoutingApi.reset(dataSource);
        endpoint = new WebhookEndpoint();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void aTransferEventArrivesSignedAsStandardWebhooks() throws Exception {
        var created = subscribe("/ok", "transfer.*");
        String id = created.get("id");
        String secret = created.get("secret");
        assertThat(secret).startsWith("whsec_");
        alice().get("/v1/webhooks/" + id).then().statusCode(200).body("data.attributes.secret", nullValue());

        String transfer = RoutingApi.transfer(null).getString("data.id");
        Received message = awaitRequests("/ok", transfer, 1, Duration.ofSeconds(30)).get(0);

        JsonNode body = json.readTree(message.body());
        assertThat(body.path("type").asText()).isEqualTo("transfer.created");
        assertThat(body.path("data").path("transferId").asText()).isEqualTo(transfer);
        assertThat(message.header("webhook-id")).startsWith("msg_");
        assertThat(message.header("content-type")).isEqualTo("application/json");
        var verdict = StandardWebhooksLibrary.judge(secret, List.of(new StandardWebhooksLibrary.Message(
                message.header("webhook-id"), Long.parseLong(message.header("webhook-timestamp")),
                message.header("webhook-signature"), message.body()))).get(0);
        assertThat(verdict.verified()).isEqualTo(true);

        String delivery = awaitDelivery(id, message.header("webhook-id"), "delivered");
        alice().get("/v1/webhooks/" + id + "/deliveries/" + delivery).then().statusCode(200)
                .body("data.attributes.lastStatus", equalTo(200))
                .body("data.attributes.attempts", equalTo(1));
        as("bob").get("/v1/webhooks/" + id).then().statusCode(404).body("code", equalTo("WEBHOOK_NOT_FOUND"));
        as("agnes").get("/v1/webhooks").then().statusCode(403);
    }

    @Test
    void everyHandoffIsDeliveredAsBotHandoffWithItsReasonAndTransfer() throws Exception {
        String id = subscribe("/handoff", "bot.handoff").get("id");
        String transfer = RoutingApi.transfer(null).getString("data.id");

        Received message = awaitRequests("/handoff", transfer, 1, Duration.ofSeconds(30)).get(0);
        JsonNode body = json.readTree(message.body());
        assertThat(body.path("type").asText()).isEqualTo("bot.handoff");
        assertThat(body.path("data").path("reason").asText()).isEqualTo("manual");
        assertThat(body.path("data").path("transfer").path("transferId").asText()).isEqualTo(transfer);
        assertThat(body.path("data").path("transfer").path("status").asText()).isEqualTo("waiting");
        awaitDelivery(id, message.header("webhook-id"), "delivered");
    }

    @Test
    void eventTypesAreCheckedExactly() {
        for (String unknown : List.of("bot.anything", "bot.handoff.extra", "transfer.deleted", "conversation.*.x", "feedback.*")) {
            alice().body(Map.of("url", endpoint.url("/x"), "eventTypes", List.of(unknown))).post("/v1/webhooks")
                    .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                    .body("errors[0].field", equalTo("eventTypes[0]"));
        }
        subscribe("/x", "bot.*", "bot.handoff", "bot.training.completed", "transfer.assigned", "channel.disconnected");
    }

    @Test
    void aFailingEndpointIsRetriedOnScheduleWithTheSameMessageUntilTheScheduleEnds() {
        endpoint.answer("/fail", 500);
        String id = subscribe("/fail", "transfer.created").get("id");
        String transfer = RoutingApi.transfer(null).getString("data.id");

        List<Received> attempts = awaitRequests("/fail", transfer, 4, Duration.ofSeconds(40));
        assertThat(attempts).extracting(r -> r.header("webhook-id")).containsOnly(attempts.get(0).header("webhook-id"));
        long[] waits = {1000, 2000, 4000};
        for (int i = 1; i < 4; i++) {
            long gap = Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()).toMillis();
            // never before the wait minus its 10 % jitter; after it, up to the 1 s between looks for due deliveries
            // (or two, when the previous look was still sending) and a loaded machine's slack
            assertThat(gap).as("wait before retry " + i).isBetween((long) (waits[i - 1] * 0.9) - 100, waits[i - 1] * 11 / 10 + 2500);
        }
        String delivery = awaitDelivery(id, attempts.get(0).header("webhook-id"), "failed");
        alice().get("/v1/webhooks/" + id + "/deliveries/" + delivery).then().statusCode(200)
                .body("data.attributes.attempts", equalTo(4))
                .body("data.attributes.attemptLog.size()", equalTo(4))
                .body("data.attributes.attemptLog[3].status", equalTo(500));
        // no fifth attempt
        sleep(Duration.ofSeconds(3));
        assertThat(endpoint.at("/fail")).filteredOn(r -> r.body().contains(transfer)).hasSize(4);
    }

    @Test
    void anEndpointAnswering410IsDisabled() {
        endpoint.answer("/gone", 410);
        String id = subscribe("/gone", "transfer.*").get("id");
        RoutingApi.transfer(null);
        awaitRequests("/gone", 1, Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> alice().get("/v1/webhooks/" + id)
                .then().body("data.attributes.enabled", equalTo(false))
                .body("data.attributes.disabledReason", startsWith("The endpoint answered 410")));

        int before = endpoint.at("/gone").size();
        String later = RoutingApi.transfer(null).getString("data.id");
        sleep(Duration.ofSeconds(4));
        assertThat(endpoint.at("/gone")).hasSize(before).noneMatch(r -> r.body().contains(later));
    }

    @Test
    void redirectsAreNotFollowed() {
        endpoint.redirect("/moved", endpoint.url("/elsewhere"));
        String id = subscribe("/moved", "transfer.created").get("id");
        RoutingApi.transfer(null);
        awaitRequests("/moved", 2, Duration.ofSeconds(30));
        assertThat(endpoint.at("/elsewhere")).isEmpty();
        alice().get("/v1/webhooks/" + id + "/deliveries").then()
                .body("data[0].attributes.lastStatus", equalTo(302))
                .body("data[0].attributes.lastError", startsWith("answered a redirect"));
    }

    @Test
    void privateAndMetadataAddressesAreRefused() {
        for (String url : List.of("http://10.0.0.5/hook", "http://169.254.169.254/latest/meta-data", "http://[::ffff:a9fe:a9fe]/",
                "http://192.168.1.10:8080/x", "ftp://example.com/x", "http://user:pw@example.com/")) {
            alice().body(Map.of("url", url, "eventTypes", List.of("transfer.*"))).post("/v1/webhooks")
                    .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("url"));
        }
        alice().body(Map.of("url", endpoint.url("/x"), "eventTypes", List.of("transfer.*", "payments.*"))).post("/v1/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("eventTypes[1]"));
    }

    @Test
    void aDeliveryClaimedByAReplicaThatDiedIsSentAgainWithItsMessageId() throws Exception {
        String id = subscribe("/after-crash", "agent_loop.completed").get("id");
        // what a replica leaves behind when it stops between claiming a message and recording the answer
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                insert into webhook_delivery (id, tenant_id, subscription_id, message_id, event_type, url, secret, payload,
                    status, attempts, next_attempt_at, locked_until, created_at, updated_at)
                select 'whd_crashed', tenant_id, id, 'msg_crashed', 'transfer.created', url, secret, '{"type":"transfer.created"}',
                    'PENDING', 0, now() - interval '1 second', now() + interval '3 seconds', now(), now()
                from webhook_subscription where id = ?""")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        sleep(Duration.ofSeconds(2));
        assertThat(endpoint.at("/after-crash")).as("the claim's lease still runs")
                .noneMatch(r -> "msg_crashed".equals(r.header("webhook-id")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.at("/after-crash").stream()
                .anyMatch(r -> "msg_crashed".equals(r.header("webhook-id"))));
    }

    @Test
    void aDeliveryCanBeSentAgainByHandWithTheSameMessageId() {
        String id = subscribe("/again", "transfer.created").get("id");
        String transfer = RoutingApi.transfer(null).getString("data.id");
        Received first = awaitRequests("/again", transfer, 1, Duration.ofSeconds(30)).get(0);
        String delivery = awaitDelivery(id, first.header("webhook-id"), "delivered");

        alice().post("/v1/webhooks/" + id + "/deliveries/" + delivery + "/redeliver").then().statusCode(202);
        Received again = awaitRequests("/again", transfer, 2, Duration.ofSeconds(10)).get(1);
        assertThat(again.header("webhook-id")).isEqualTo(first.header("webhook-id"));
        assertThat(again.body()).isEqualTo(first.body());
        as("bob").post("/v1/webhooks/" + id + "/deliveries/" + delivery + "/redeliver").then().statusCode(404);
    }

    @Test
    void anAgentsWebhookFiresForEachActionItNamesWithTheSeedsFiltersHonoured() throws Exception {
        String team = RoutingApi.team("manual");
        String bot = RoutingApi.agent("""
                "type": "bot", "name": "Triage bot", "maxChatsCount": 5, "groups": [{"id": "%s", "priority": "first"}],
                "webhooks": {"url": "%s", "secret_key": "JSauw0Aks8l-asAa", "actions": [
                  {"name": "incoming_chat", "filters": {"chat_properties": {"source": {"type": {"values": ["webchat"]}}}}},
                  {"name": "incoming_event", "filters": {"author_type": ["customer"], "only_my_chats": true}},
                  {"name": "chat_transferred"}, {"name": "chat_deactivated"}]}"""
                .formatted(team, endpoint.url("/live")));
        String human = RoutingApi.member("Human", team, "normal", 5);
        String whatsapp = RoutingApi.conversation("ct_" + UUID.randomUUID(), null, "whatsapp");
        String webchat = RoutingApi.conversation("ct_" + UUID.randomUUID(), "Wes", "webchat");
        String onWhatsapp = assignedTo(RoutingApi.transferOf(whatsapp, team), bot);
        String onWebchat = assignedTo(RoutingApi.transferOf(webchat, team), bot);

        // incoming_chat only for the webchat conversation (chat_properties.source.type)
        JsonNode chat = json.readTree(awaitAction("/live", "incoming_chat", onWebchat).body());
        assertThat(chat.path("agentId").asText()).isEqualTo(bot);
        assertThat(chat.path("payload").path("conversationId").asText()).isEqualTo(webchat);

        // the customer's messages in its conversations (author_type customer), not the bot's own
        message(webchat, "message.sent", "bot", "Hello, I am the bot");
        message(webchat, "message.received", "contact", "I need help");
        JsonNode event = json.readTree(awaitAction("/live", "incoming_event", webchat).body());
        assertThat(event.path("payload").path("event").path("text").asText()).isEqualTo("I need help");
        assertThat(event.path("payload").path("event").path("authorType").asText()).isEqualTo("customer");

        // moved to a human: chat_transferred; the other one back to the bot flow: chat_deactivated
        alice().body("{\"agentId\": \"" + human + "\"}").put("/v1/transfers/" + onWebchat + "/assign").then().statusCode(200);
        JsonNode moved = json.readTree(awaitAction("/live", "chat_transferred", onWebchat).body());
        assertThat(moved.path("payload").path("toAgentId").asText()).isEqualTo(human);
        alice().put("/v1/transfers/" + onWhatsapp + "/resume").then().statusCode(200);
        awaitAction("/live", "chat_deactivated", onWhatsapp);

        sleep(Duration.ofSeconds(2));
        assertThat(endpoint.at("/live")).noneMatch(r -> r.body().contains("\"incoming_chat\"") && r.body().contains(onWhatsapp));
        assertThat(endpoint.at("/live")).noneMatch(r -> r.body().contains("Hello, I am the bot"));
    }

    @Test
    void aClosedConversationsAgentHearsChatDeactivatedOnceWhenRoutingEndsTheTransfer() throws Exception {
        String team = RoutingApi.team("manual");
        String agent = RoutingApi.agent("""
                "type": "bot", "name": "Closing bot", "maxChatsCount": 2, "defaultGroupPriority": "supervisor",
                "groups": [{"id": "%s", "priority": "normal"}],
                "webhooks": {"url": "%s", "secretKey": "JSauw0Aks8l-asAa", "actions": [{"name": "chat_deactivated"}]}"""
                .formatted(team, endpoint.url("/closing")));
        String conversation = RoutingApi.conversation("ct_" + UUID.randomUUID(), null, "webchat");
        String transfer = assignedTo(RoutingApi.transferOf(conversation, team), agent);

        send(conversation, "evt_" + UUID.randomUUID(), "conversation.closed", json.writeValueAsString(Map.of(
                "tenantId", "tnt_acme", "conversationId", conversation, "status", "closed")));
        JsonNode deactivated = json.readTree(awaitAction("/closing", "chat_deactivated", transfer).body());
        assertThat(deactivated.path("payload").path("status").asText()).isEqualTo("resumed");
        alice().get("/v1/agents/" + agent).then().body("data.attributes.activeChats", equalTo(0));
        // one place tells the agent: the transfer's end, not also the close as it passes the webhook fan-out
        sleep(Duration.ofSeconds(2));
        assertThat(endpoint.at("/closing")).filteredOn(r -> r.body().contains("\"chat_deactivated\"")
                && r.body().contains(transfer)).hasSize(1);
    }

    @Test
    void anUnknownActionOrFilterIsRefused() {
        for (String actions : List.of("[{\"name\": \"incoming_chat_threads\"}]",
                "[{\"name\": \"incoming_chat\", \"filters\": {\"chat_member_ids\": [\"x\"]}}]",
                "[{\"name\": \"incoming_chat\", \"filters\": {\"author_type\": [\"customer\"]}}]",
                "[{\"name\": \"incoming_chat\", \"filters\": {\"chat_properties\": {\"routing\": {\"x\": {}}}}}]")) {
            alice().body("{\"type\": \"bot\", \"name\": \"Bad\", \"webhooks\": {\"url\": \"http://127.0.0.1:9/h\", "
                    + "\"secretKey\": \"s\", \"actions\": " + actions + "}}").post("/v1/agents")
                    .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                    .body("errors[0].field", startsWith("webhooks.actions[0]"));
        }
    }

    private static String assignedTo(String transfer, String agent) {
        alice().body("{\"agentId\": \"" + agent + "\"}").put("/v1/transfers/" + transfer + "/assign").then().statusCode(200);
        return transfer;
    }

    private Received awaitAction(String path, String action, String about) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> endpoint.at(path).stream().filter(r -> r.body().contains("\"action\":\"" + action + "\"")
                        && r.body().contains(about)).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    @Test
    void eventsArrivingTogetherAreEachDeliveredOnceAndAnUnreadableOneIsDeadLetteredAlone() throws Exception {
        subscribe("/together", "message.*");
        String conversation = "conv_together_" + UUID.randomUUID();
        try (KafkaProbe deadLetters = KafkaProbe.tail(Topics.WEBHOOK_EVENTS_DEAD_LETTER)) {
            String first = "evt_" + UUID.randomUUID();
            String poison = "evt_" + UUID.randomUUID();
            String second = "evt_" + UUID.randomUUID();
            send(conversation, first, "message.received", messageBody(conversation, "contact", "first"));
            send(conversation, poison, "message.received", "{\"not json");
            send(conversation, second, "message.received", messageBody(conversation, "contact", "second"));
            // the first event again, as a redelivery brings it
            send(conversation, first, "message.received", messageBody(conversation, "contact", "first"));

            var deadLettered = deadLetters.await(record -> poison.equals(KafkaProbe.header(record, CloudEventHeaders.ID)),
                    Duration.ofSeconds(30));
            assertThat(deadLettered).as("the unreadable event on " + Topics.WEBHOOK_EVENTS_DEAD_LETTER).isPresent();
            awaitRequests("/together", 2, Duration.ofSeconds(30));
            sleep(Duration.ofSeconds(2)); // a second delivery of the repeated event would have come by now
            List<String> texts = endpoint.at("/together").stream().filter(r -> r.body().contains(conversation))
                    .map(r -> readTree(r.body()).path("data").path("text").asText()).sorted().toList();
            assertThat(texts).containsExactly("first", "second");
        }
    }

    private String messageBody(String conversation, String sender, String text) throws Exception {
        return json.writeValueAsString(Map.of("tenantId", "tnt_acme", "conversationId", conversation,
                "messageId", "msg_" + UUID.randomUUID(), "sender", sender, "text", text,
                "createdAt", "2026-11-26T10:00:00Z"));
    }

    private void send(String conversation, String eventId, String type, String body) {
        KafkaProbe.send(Topics.CONVERSATIONS, conversation, body, Map.of(
                CloudEventHeaders.ID, eventId,
                CloudEventHeaders.TYPE, type,
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.SOURCE, "/parley/conversation-service",
                CloudEventHeaders.TENANT_ID, "tnt_acme",
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void message(String conversation, String type, String sender, String text) throws Exception {
        send(conversation, "evt_" + UUID.randomUUID(), type, messageBody(conversation, sender, text));
    }

    @Test
    void aBotAgentsOwnWebhookHearsOfItsNewConversation() throws Exception {
        String team = RoutingApi.team("round_robin");
        String bot = RoutingApi.agent("""
                "type": "bot", "name": "Triage bot", "groups": [{"id": "%s", "priority": "first"}],
                "webhooks": {"url": "%s", "secretKey": "JSauw0Aks8l-asAa",
                  "actions": [{"name": "incoming_chat_thread", "additionalData": ["chat_properties"]}]}"""
                .formatted(team, endpoint.url("/agent")));
        String transfer = RoutingApi.transfer(team).getString("data.id");

        Received message = awaitRequests("/agent", transfer, 1, Duration.ofSeconds(15)).get(0);
        JsonNode body = json.readTree(message.body());
        assertThat(body.path("action").asText()).isEqualTo("incoming_chat_thread");
        assertThat(body.path("agentId").asText()).isEqualTo(bot);
        assertThat(body.path("payload").path("transferId").asText()).isEqualTo(transfer);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("JSauw0Aks8l-asAa".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((message.header("webhook-id") + "."
                + message.header("webhook-timestamp") + "." + message.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(message.header("webhook-signature")).isEqualTo(expected);
    }

    private Map<String, String> subscribe(String path, String... types) {
        var answer = alice().body(Map.of("url", endpoint.url(path), "eventTypes", List.of(types), "description", "test"))
                .post("/v1/webhooks").then().statusCode(201).extract().jsonPath();
        return Map.of("id", answer.getString("data.id"), "secret", answer.getString("data.attributes.secret"));
    }

    /** Messages about one transfer only: other tests' events may still be on their way to this tenant's subscriptions. */
    private List<Received> awaitRequests(String path, String transferId, int count, Duration within) {
        return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> endpoint.at(path).stream().filter(r -> r.body().contains(transferId)).toList(),
                        received -> received.size() >= count);
    }

    /** The delivery of a message once it has reached {@code status}; its id. */
    private String awaitDelivery(String webhookId, String messageId, String status) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Map<String, Object>> page = alice().get("/v1/webhooks/" + webhookId + "/deliveries?perPage=100")
                    .then().statusCode(200).extract().jsonPath().getList("data");
            return page.stream().filter(d -> messageId.equals(((Map<?, ?>) d.get("attributes")).get("messageId"))
                    && status.equals(((Map<?, ?>) d.get("attributes")).get("status"))).map(d -> (String) d.get("id")).findFirst();
        }, java.util.Optional::isPresent).orElseThrow();
    }

    private List<Received> awaitRequests(String path, int count, Duration within) {
        return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> endpoint.at(path), received -> received.size() >= count);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
