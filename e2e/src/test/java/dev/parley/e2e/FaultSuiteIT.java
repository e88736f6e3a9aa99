package dev.parley.e2e;

import static dev.parley.e2e.ServiceProcesses.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.e2e.ServiceProcesses.Stage;
import dev.parley.events.Topics;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import dev.parley.platform.testing.ServiceJar;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 18's fault suite: the four packaged services on a stage of their own (ports 19381–19384, a Kafka broker of
 * the suite's own on 19390, schema {@code faults} of the test databases, rate limits off), with failures injected
 * while customers stream messages: conversation-service killed with {@code kill -9}, the broker stopped and
 * restarted, two conversation-service replicas with one killed, routing-service killed during handoffs, llm-gateway
 * killed during a burst of calls. Each scenario prints its figures ({@code [faults] …}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final Logger LOG = Logger.getLogger(FaultSuiteIT.class);

    static final String SCHEMA = "faults";
    static final Stage STAGE = new Stage("faults", 19381, 19382, 19383, 19384, "127.0.0.1:" + FaultBroker.PORT, SCHEMA);
    static final int SECOND_CONVERSATION = 19392;
    /** Not what is under test here, and the counters would live in the machine's Redis. */
    static final Map<String, String> SETTINGS = Map.of("PARLEY_RATE_LIMIT_ENABLED", "false");

    static FaultBroker broker;
    static final Map<String, ServiceJar> running = new ConcurrentHashMap<>();
    static ConversationStream stream;
    static String key;

    @BeforeAll
    static void startTheStage() throws Exception {
        for (String service : ServiceProcesses.SERVICES) {
            try (Connection db = database(service); Statement s = db.createStatement()) {
                s.execute("drop schema if exists " + SCHEMA + " cascade");
                s.execute("create schema " + SCHEMA);
            }
        }
        // whatever happens to this JVM, no service or broker of the stage outlives it
        Runtime.getRuntime().addShutdownHook(new Thread(FaultSuiteIT::stopTheStage));
        broker = new FaultBroker().start();
        for (String service : ServiceProcesses.SERVICES) {
            running.put(service, ServiceProcesses.start(service, STAGE, STAGE.port(service), "faults-" + service, SETTINGS));
        }
        running.values().forEach(s -> s.awaitReady(Duration.ofSeconds(240)));

        // the tenant: an API key with every scope, accepted everywhere once it has travelled over the stage's broker
        key = given().baseUri(url(STAGE.bot())).header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("""
                        {"name": "fault suite", "scopes": ["bots:read", "bots:write", "conversations:read", "conversations:write",
                         "routing:read", "routing:write", "llm:use", "webhooks:write"]}""")
                .post("/v1/api-keys").then().statusCode(201).extract().path("data.attributes.key");
        awaitKeyEverywhere(key);
        stream = new ConversationStream((botUrl, repliesUrl) -> {
            String bot = api(STAGE.bot()).body("""
                    {"name": "Ping pong", "type": "external", "url": "%s"}""".formatted(botUrl))
                    .post("/v1/bots").then().statusCode(201).extract().path("data.id");
            var webhook = api(STAGE.bot()).body("""
                    {"type": "webhook", "name": "Partner", "settings": {"outboundUrl": "%s"}, "botId": "%s"}"""
                    .formatted(repliesUrl, bot)).post("/v1/channels").then().statusCode(201).extract();
            String webchat = api(STAGE.bot()).body("""
                    {"type": "webchat", "name": "Site", "botId": "%s"}""".formatted(bot))
                    .post("/v1/channels").then().statusCode(201).extract().path("data.id");
            api(STAGE.bot()).post("/v1/bots/" + bot + "/activate").then().statusCode(200);
            return new String[] {webhook.path("data.id"), webhook.path("data.attributes.generatedCredentials.secret"), webchat};
        });
    }

    @AfterAll
    static synchronized void stopTheStage() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
        running.values().parallelStream().forEach(ServiceJar::close);
        running.clear();
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Test
    @Order(1)
    void conversationServiceKilledMidStreamLosesNothingAndAnswersEachMessageOnceInOrder() throws Exception {
        long[] downFor = new long[1];
        ConversationStream.Figures figures = stream.run("conversation-service kill -9", 20, 20, 60, 100,
                n -> List.of(url(STAGE.conversation())), 2_500, () -> {
                    long killed = System.nanoTime();
                    restart("conversation-service", true);
                    downFor[0] = (System.nanoTime() - killed) / 1_000_000;
                }, Duration.ofSeconds(600));
        report(figures, "killed 2.5 s into the stream, answering again after " + downFor[0] + " ms");
        assertThat(figures.lost()).as("lost").isZero();
        assertThat(figures.answeredTwice()).as("answered twice").isZero();
        assertThat(figures.outOfOrder()).as("out of order").isZero();
    }

    @Test
    @Order(2)
    void theBrokerStoppedAndRestartedMidStreamLosesAndDoublesNothing() throws Exception {
        ConversationStream.Figures figures = stream.run("broker stopped 10 s", 20, 20, 30, 100,
                n -> List.of(url(STAGE.conversation())), 1_000, () -> {
                    broker.stop();
                    sleep(10_000);
                    broker.resume();
                }, Duration.ofSeconds(600));
        report(figures, "");
        assertThat(figures.lost()).as("lost").isZero();
        assertThat(figures.answeredTwice()).as("answered twice").isZero();
        assertThat(figures.outOfOrder()).as("out of order").isZero();
        // and every message's events reached the broker once it was back (the outbox held them)
        ConversationEvents events = ConversationEvents.await(STAGE.kafka(), figures.conversationIds(), figures.messages(),
                Duration.ofSeconds(120));
        report(events.line(figures.label()), "");
        assertThat(events.received()).as("distinct message.received events").isEqualTo(figures.messages());
        assertThat(events.sent()).as("distinct message.sent events (pong)").isEqualTo(figures.messages());
    }

    @Test
    @Order(3)
    void twoConversationReplicasBothDecidingOneKilledLoseNothing() throws Exception {
        ServiceJar second = ServiceProcesses.start("conversation-service", STAGE, SECOND_CONVERSATION,
                "faults-conversation-service-2", SETTINGS).awaitReady(Duration.ofSeconds(600));
        running.put("conversation-service-2", second);
        List<String> both = List.of(url(STAGE.conversation()), url(SECOND_CONVERSATION));
        List<String> otherFirst = List.of(url(SECOND_CONVERSATION), url(STAGE.conversation()));
        ConversationStream.Figures figures = stream.run("two replicas, one kill -9", 20, 20, 40, 100,
                n -> n % 2 == 0 ? both : otherFirst, 2_000, () -> running.remove("conversation-service-2").kill(),
                Duration.ofSeconds(600));
        report(figures, "messages alternate between the replicas; the second is killed 2 s in and stays down");
        assertThat(figures.lost()).as("lost").isZero();
        assertThat(figures.answeredTwice()).as("answered twice").isZero();
        assertThat(figures.outOfOrder()).as("out of order").isZero();
    }

    @Test
    @Order(4)
    void routingServiceKilledDuringHandoffsMakesOneTransferPerConversationWithinCapacity() throws Exception {
        int agents = 10;
        int capacity = 2;
        String team = api(STAGE.routing()).body("{\"name\": \"Fault desk\", \"strategy\": \"load_balanced\"}")
                .post("/v1/teams").then().statusCode(201).extract().path("data.id");
        for (int i = 0; i < agents; i++) {
            api(STAGE.routing()).body("""
                    {"name": "Agent %d", "maxChatsCount": %d, "groups": [{"id": "%s", "priority": "first"}]}"""
                    .formatted(i, capacity, team)).post("/v1/agents").then().statusCode(201);
        }
        try (TenantWebhookEndpoint endpoint = new TenantWebhookEndpoint()) {
            api(STAGE.routing()).body("{\"url\": \"%s\", \"eventTypes\": [\"transfer.*\"]}".formatted(endpoint.url()))
                    .post("/v1/webhooks").then().statusCode(201);
            stream.handoffTeam = team;
            AtomicBoolean watching = new AtomicBoolean(true);
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            Thread watcher = Thread.ofVirtual().start(() -> watchCapacity(watching, violations));
            int conversations = 40;
            ConversationStream.Figures figures;
            try {
                figures = stream.handoffs("routing-service kill -9", conversations, 150, url(STAGE.conversation()),
                        2_000, () -> restart("routing-service", true));
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> transfersPerConversation(team).size() == conversations
                                && assigned(team) == Math.min(conversations, agents * capacity));
            } finally {
                watching.set(false);
                watcher.join();
            }
            Map<String, Integer> transfers = transfersPerConversation(team);
            List<String> ids = transferIds(team);
            // every transfer's transfer.created (and each assignment's transfer.assigned) reaches the endpoint
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> ids.stream()
                    .allMatch(id -> endpoint.deliveries.stream().anyMatch(d -> d.body().contains(id)
                            && d.body().contains("transfer.created"))));
            Thread.sleep(2_000);
            long deliveries = endpoint.deliveries.size();
            long distinct = endpoint.deliveries.stream().map(TenantWebhookEndpoint.Delivery::id).distinct().count();
            report("routing-service kill -9 during %d handoffs: %d conversations with a transfer, %d with more than one; "
                    .formatted(conversations, transfers.size(), transfers.values().stream().filter(n -> n > 1).count())
                    + "%d assigned to %d agents of capacity %d, capacity exceeded %d times; webhooks: %d deliveries of %d ids, %d repeated; load average %s"
                    .formatted(assigned(team), agents, capacity, violations.size(), deliveries, distinct, deliveries - distinct,
                            ConversationStream.loadAverage()), "");
            assertThat(transfers).as("transfers per conversation").hasSize(conversations).allSatisfy((c, n) -> assertThat(n).isEqualTo(1));
            assertThat(violations).as("capacity").isEmpty();
            for (String id : ids) {
                assertThat(endpoint.deliveries.stream().filter(d -> d.body().contains(id) && d.body().contains("transfer.created"))
                        .map(TenantWebhookEndpoint.Delivery::id).distinct().count())
                        .as("webhook ids of %s's transfer.created", id).isEqualTo(1);
            }
            assertThat(figures.lost()).as("handoff messages answered").isZero();
        } finally {
            stream.handoffTeam = null;
        }
    }

    @Test
    @Order(5)
    void llmGatewayKilledDuringABurstRecordsUsageForEveryAnsweredCall() throws Exception {
        LlmBurst burst = LlmBurst.run(url(STAGE.llm()), key, 8, 240, 1_500, () -> restart("llm-gateway", true));
        long rows;
        try (Connection db = stageDatabase("llm-gateway"); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select count(*) from llm_usage")) {
            r.next();
            rows = r.getLong(1);
        }
        report("llm-gateway kill -9 during a burst of %d calls (8 at a time): %d answered 200, %d in flight when it died; "
                .formatted(burst.calls(), burst.answered(), burst.failed())
                + "usage rows %d; load average %s".formatted(rows, ConversationStream.loadAverage()), "");
        assertThat(burst.answered()).as("calls answered").isPositive();
        // a call is answered once its usage is committed: one killed in between has a row and no answer
        assertThat(rows).as("usage rows").isBetween((long) burst.answered(), (long) burst.answered() + burst.failed());
    }

    @Test
    @Order(6)
    void aPoisonMessageOnEachConsumedTopicIsDeadLetteredAndTheRestFlowOn() throws Exception {
        // every topic is read by routing-service's webhook consumer for a tenant subscribed to everything
        try (TenantWebhookEndpoint endpoint = new TenantWebhookEndpoint()) {
            api(STAGE.routing()).body("""
                    {"url": "%s", "eventTypes": ["bot.*", "conversation.*", "message.*", "transfer.*", "integration.failed",
                     "agent_loop.completed"]}""".formatted(endpoint.url())).post("/v1/webhooks").then().statusCode(201);
            // each topic with an event type its consumers read
            Map<String, String> poisons = new java.util.LinkedHashMap<>();
            poisons.put(Topics.API_KEYS, "api_key.issued");
            poisons.put(Topics.BOT_CONFIG, "bot.updated");
            poisons.put(Topics.BOTS, "bot.updated");
            poisons.put(Topics.CONVERSATIONS, "handoff.requested");
            poisons.put(Topics.ROUTING, "transfer.assigned");
            poisons.put(Topics.LLM_USAGE, "llm.usage.recorded");
            poisons.put(Topics.AGENT_LOOPS, "handoff.requested");
            poisons.put(Topics.LLM_INTEGRATIONS, "integration.failed");
            List<String> deadLetterTopics = Topics.ALL.stream().map(Topics.Spec::name)
                    .filter(t -> t.endsWith(Topics.DEAD_LETTER_SUFFIX)).toList();
            List<KafkaProbe> dlqs = new ArrayList<>();
            Map<String, List<String>> deadLettered = new java.util.TreeMap<>();
            try {
                for (String dlq : deadLetterTopics) {
                    dlqs.add(KafkaProbe.tailAsNamed(STAGE.kafka(), ServiceJar.KAFKA_PREFIX + dlq));
                }
                String run = Long.toString(System.nanoTime(), 36);
                poisons.forEach((topic, type) -> KafkaProbe.sendAsNamed(STAGE.kafka(), ServiceJar.KAFKA_PREFIX + topic,
                        "poison-" + run + "-" + topic, "{\"not json", Map.of("ce_specversion", "1.0",
                                "ce_id", "evt_poison" + run + topic.replace(".", ""), "ce_source", "/fault-suite",
                                "ce_type", type, "ce_tenantid", "tnt_acme", "content-type", "application/json")));
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline && deadLettered.size() < poisons.size() - 1) {
                    for (int i = 0; i < dlqs.size(); i++) {
                        for (var record : dlqs.get(i).drain(Duration.ofMillis(300))) {
                            if (record.key() != null && record.key().startsWith("poison-" + run + "-")) {
                                deadLettered.computeIfAbsent(record.key().substring(("poison-" + run + "-").length()),
                                        t -> new ArrayList<>()).add(deadLetterTopics.get(i));
                            }
                        }
                    }
                }
            } finally {
                dlqs.forEach(KafkaProbe::close);
            }

            // the rest flows on: a new key reaches every service, customers are answered, a handoff becomes a transfer
            String second = given().baseUri(url(STAGE.bot())).header("Authorization", "Bearer " + Keycloak.freshToken("alice"))
                    .contentType("application/json").body("{\"name\": \"after poison\", \"scopes\": [\"bots:read\", "
                            + "\"conversations:read\", \"routing:read\", \"llm:use\"]}")
                    .post("/v1/api-keys").then().statusCode(201).extract().path("data.attributes.key");
            awaitKeyEverywhere(second);
            ConversationStream.Figures figures = stream.run("after the poison messages", 5, 5, 5, 50,
                    n -> List.of(url(STAGE.conversation())), 0, () -> { }, Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(60)).until(() -> endpoint.deliveries.stream()
                    .anyMatch(d -> d.body().contains("message.sent") && d.body().contains("pong 5")));
            report("poison messages: " + poisons.keySet().stream().map(t -> t + " → "
                    + deadLettered.getOrDefault(t, List.of("(skipped and logged)"))).toList(), "");
            report(figures, "");
            assertThat(figures.lost()).as("answered after the poison").isZero();
            for (String topic : poisons.keySet()) {
                if (!topic.equals(Topics.LLM_USAGE)) { // bot-service's statistics skip what they cannot read, with a warning
                    assertThat(deadLettered).as("dead-lettered poison of " + topic).containsKey(topic);
                }
            }
        }
    }

    // --- the stage ------------------------------------------------------------------------------------------------

    /** {@code kill -9} (or a clean stop) of a service, then the same jar started again; returns once it is ready. */
    static void restart(String service, boolean kill) {
        ServiceJar jar = running.get(service);
        if (kill) {
            jar.kill();
        } else {
            jar.close();
        }
        running.put(service, jar.restart().awaitReady(Duration.ofSeconds(240)));
    }

    static RequestSpecification api(int port) {
        return given().baseUri(url(port)).header("Authorization", "Bearer " + key).contentType("application/json");
    }

    static void awaitKeyEverywhere(String key) {
        Map<Integer, String> paths = Map.of(STAGE.bot(), "/v1/bots", STAGE.conversation(), "/v1/conversations",
                STAGE.routing(), "/v1/teams", STAGE.llm(), "/v1/models");
        paths.forEach((port, path) -> await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().baseUri(url(port)).header("Authorization", "Bearer " + key).get(path).statusCode() == 200));
    }

    static Connection database(String service) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + Stage.database(service), "parley", "parley");
    }

    static Connection stageDatabase(String service) throws SQLException {
        return DriverManager.getConnection(STAGE.jdbc(service), "parley", "parley");
    }

    static Map<String, Integer> transfersPerConversation(String team) throws SQLException {
        Map<String, Integer> counts = new java.util.HashMap<>();
        try (Connection db = stageDatabase("routing-service"); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select conversation_id, count(*) from transfer where team_id = '" + team
                        + "' group by conversation_id")) {
            while (r.next()) {
                counts.put(r.getString(1), r.getInt(2));
            }
        }
        return counts;
    }

    static List<String> transferIds(String team) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection db = stageDatabase("routing-service"); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select id from transfer where team_id = '" + team + "'")) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    static long assigned(String team) throws SQLException {
        try (Connection db = stageDatabase("routing-service"); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select count(*) from transfer where team_id = '" + team + "' and status = 'ASSIGNED'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** As routing's TwoInstancesIT watches: no agent ever holds more assigned transfers than its capacity. */
    static void watchCapacity(AtomicBoolean running, List<String> violations) {
        while (running.get()) {
            try (Connection db = stageDatabase("routing-service"); Statement statement = db.createStatement()) {
                while (running.get()) {
                    try (ResultSet rows = statement.executeQuery("""
                            select a.id, a.max_chats_count,
                                   (select count(*) from transfer t where t.agent_id = a.id and t.status = 'ASSIGNED') as assigned
                            from agent a""")) {
                        while (rows.next()) {
                            if (rows.getLong(3) > rows.getInt(2)) {
                                violations.add(rows.getString(1) + ": max " + rows.getInt(2) + ", assigned " + rows.getLong(3));
                            }
                        }
                    }
                    Thread.sleep(50);
                }
            } catch (SQLException e) {
                sleep(200); // the database is not what fails here; look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void report(ConversationStream.Figures figures, String note) {
        report(figures.line(), note);
    }

    static void report(String line, String note) {
        LOG.info("[faults] " + line + (note.isEmpty() ? "" : " (" + note + ")"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
