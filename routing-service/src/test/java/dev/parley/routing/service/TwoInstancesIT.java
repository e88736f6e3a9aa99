package dev.parley.routing.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import dev.parley.routing.testing.RoutingInstance;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two routing-service replicas (the packaged jar, two JVMs) on one database and one broker, under 1,000
 * transfers created at the same time through both, while agents resume and pick up conversations through both:
 * every replica assigns, pickups race automatic assignment, freed slots are reassessed by both at once.
 * A watcher reads the database throughout; the broker's {@code transfer.assigned} events are counted per transfer.
 */
class TwoInstancesIT {

    private static final Logger LOG = Logger.getLogger(TwoInstancesIT.class);

    static final String SCHEMA = "routing_it";
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/parley_routing_test?currentSchema=" + SCHEMA;
    static final int TRANSFERS = 1_000;
    static final int AGENTS = 20;

    static RoutingInstance first;
    static RoutingInstance second;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        try (Connection db = database(); Statement statement = db.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
            statement.execute("create schema " + SCHEMA);
        }
        first = RoutingInstance.start("replica-1", 19083, SCHEMA);
        second = RoutingInstance.start("replica-2", 19093, SCHEMA);
    }

    @AfterAll
    static void stopReplicas() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void noTransferIsAssignedTwiceAndNoAgentGoesOverCapacity() throws Exception {
        List<RoutingInstance> replicas = List.of(first, second);
        String team = api(first).body("{\"name\": \"Race " + UUID.randomUUID() + "\", \"strategy\": \"load_balanced\"}")
                .post("/v1/teams").then().statusCode(201).extract().path("data.id");
        List<String> agents = new ArrayList<>();
        String[] priorities = {"first", "normal", "last"};
        for (int i = 0; i < AGENTS; i++) {
            agents.add(api(replicas.get(i % 2)).body("""
                    {"name": "Agent %d", "maxChatsCount": %d, "groups": [{"id": "%s", "priority": "%s"}]}"""
                    .formatted(i, 1 + i % 4, team, priorities[i % 3]))
                    .post("/v1/agents").then().statusCode(201).extract().<String>path("data.id"));
        }

        // the conversations, as conversation-service would have announced them: transfers by API must name one
        String run = UUID.randomUUID().toString();
        try (Connection db = database(); Statement statement = db.createStatement()) {
            statement.execute("insert into conversation_directory (id, tenant_id, contact_id, open, started_at, updated_at) "
                    + "select 'conv_race_' || g || '_" + run + "', 'tnt_acme', 'ct_race_' || g, true, now(), now() "
                    + "from generate_series(0, " + (TRANSFERS - 1) + ") g");
        }
        Set<String> created = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger pickups = new AtomicInteger();
        AtomicInteger resumes = new AtomicInteger();
        List<ConsumerRecord<String, String>> events = Collections.synchronizedList(new ArrayList<>());

        try (KafkaProbe routing = KafkaProbe.tail(Topics.ROUTING)) {
            ExecutorService pool = Executors.newFixedThreadPool(24);
            List<Future<?>> work = new ArrayList<>();
            // the watcher: capacity and slot bookkeeping, in one snapshot per look
            Future<?> watcher = pool.submit(() -> watch(running, violations));
            // 16 creators, each alternating between the replicas
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < 16; t++) {
                work.add(pool.submit(() -> {
                    for (int n; (n = next.getAndIncrement()) < TRANSFERS; ) {
                        String id = api(replicas.get(n % 2)).body("{\"conversationId\": \"conv_race_" + n + "_" + run
                                + "\", \"teamId\": \"" + team + "\"}").post("/v1/transfers")
                                .then().statusCode(201).extract().path("data.id");
                        created.add(id);
                    }
                    return null;
                }));
            }
            // agents finishing conversations (freeing slots) and picking up the next, through both replicas
            for (int t = 0; t < 4; t++) {
                work.add(pool.submit(() -> {
                    while (running.get()) {
                        RoutingInstance replica = replicas.get(ThreadLocalRandom.current().nextInt(2));
                        String assigned = anAssignedTransfer();
                        if (assigned != null) {
                            int status = api(replica).put("/v1/transfers/" + assigned + "/resume").statusCode();
                            assertThat(status).isIn(200, 409);
                            if (status == 200) {
                                resumes.incrementAndGet();
                            }
                        }
                        String agent = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
                        int picked = api(replica).post("/v1/transfers/pickup?agentId=" + agent).statusCode();
                        assertThat(picked).isIn(200, 404, 409);
                        if (picked == 200) {
                            pickups.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 16; i++) {
                work.get(i).get(10, TimeUnit.MINUTES);
            }
            // then let the agents work the queue down to nothing
            long deadline = System.currentTimeMillis() + 600_000;
            while (openTransfers() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            running.set(false);
            for (Future<?> f : work) {
                f.get(1, TimeUnit.MINUTES);
            }
            watcher.get(1, TimeUnit.MINUTES);
            pool.shutdown();

            assertThat(created).hasSize(TRANSFERS);
            assertThat(openTransfers()).as("transfers still open").isZero();
            long resumed = count("select count(*) from transfer where team_id = '" + team + "' and status = 'RESUMED'");
            assertThat(resumed).as("every customer went back to the bot, none lost").isEqualTo(TRANSFERS);
            assertThat(violations).as("capacity or slot bookkeeping broken at some moment").isEmpty();
            assertThat(count("select coalesce(sum(active_chats), 0) from agent where tenant_id = 'tnt_acme'")).isZero();

            // every transfer was assigned exactly once (nobody reassigns in this test)
            long until = System.currentTimeMillis() + 60_000;
            Map<String, Integer> assignedEvents = new HashMap<>();
            while (System.currentTimeMillis() < until) {
                routing.drain(Duration.ofMillis(500)).forEach(events::add);
                assignedEvents = assignedPerTransfer(events, created);
                if (assignedEvents.size() == TRANSFERS) {
                    break;
                }
            }
            assertThat(assignedEvents).hasSize(TRANSFERS);
            assertThat(assignedEvents.values()).as("transfer.assigned events per transfer").containsOnly(1);
        }
        // a freed slot is filled in the transaction that frees it, so a pickup by hand rarely finds a free slot and a
        // waiting transfer at once: when it does, it races the automatic assignment under the guarantees above
        LOG.infof("two replicas: %d transfers, %d resumed by agents, %d picked up by hand", TRANSFERS,
                resumes.get(), pickups.get());
    }

    private Map<String, Integer> assignedPerTransfer(List<ConsumerRecord<String, String>> events, Set<String> ours) {
        Map<String, Integer> counts = new HashMap<>();
        synchronized (events) {
            for (ConsumerRecord<String, String> record : events) {
                if (!"transfer.assigned".equals(KafkaProbe.header(record, CloudEventHeaders.TYPE))) {
                    continue;
                }
                try {
                    JsonNode event = json.readTree(record.value());
                    String id = event.path("transferId").asText();
                    if (ours.contains(id)) {
                        counts.merge(id, 1, Integer::sum);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return counts;
    }

    private static void watch(AtomicBoolean running, List<String> violations) {
        try (Connection db = database(); Statement statement = db.createStatement()) {
            while (running.get()) {
                try (ResultSet rows = statement.executeQuery("""
                        select a.id, a.max_chats_count, a.active_chats,
                               (select count(*) from transfer t where t.agent_id = a.id and t.status = 'ASSIGNED') as assigned
                        from agent a where a.tenant_id = 'tnt_acme'""")) {
                    while (rows.next()) {
                        int max = rows.getInt(2);
                        int active = rows.getInt(3);
                        long assigned = rows.getLong(4);
                        if (assigned > max || active != assigned) {
                            violations.add(rows.getString(1) + ": max " + max + ", slots taken " + active + ", assigned " + assigned);
                        }
                    }
                }
                Thread.sleep(20);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String anAssignedTransfer() throws SQLException {
        try (Connection db = database(); Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("""
                        select id from transfer where tenant_id = 'tnt_acme' and status = 'ASSIGNED'
                        order by random() limit 1""")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static long openTransfers() throws SQLException {
        return count("select count(*) from transfer where tenant_id = 'tnt_acme' and status in ('WAITING', 'ASSIGNED')");
    }

    private static long count(String sql) throws SQLException {
        try (Connection db = database(); Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(JDBC, "parley", "parley");
    }

    private static RequestSpecification api(RoutingInstance replica) {
        return given().baseUri(replica.url()).header("Authorization", Keycloak.bearer("alice")).contentType("application/json");
    }
}
