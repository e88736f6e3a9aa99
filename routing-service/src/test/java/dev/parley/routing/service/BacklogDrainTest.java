package dev.parley.routing.service;

import static dev.parley.routing.testing.RoutingApi.alice;
import static dev.parley.routing.testing.RoutingApi.member;
import static dev.parley.routing.testing.RoutingApi.team;
import static dev.parley.routing.testing.RoutingApi.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.parley.routing.testing.RoutingApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backlog drains behind the request that made room for it: the request takes one batch and answers, the rest
 * follows on the drain thread at its pace (slowed down here so the test sees the difference).
 */
@QuarkusTest
@TestProfile(BacklogDrainTest.SlowDrains.class)
class BacklogDrainTest {

    public static class SlowDrains implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.routing.assignment.drain-rate", "100", "parley.routing.reassess-every", "1h");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void reset() {
        RoutingApi.reset(dataSource);
    }

    @Test
    void aRequestThatMakesRoomForABacklogAnswersBeforeItHasDrainedAndTheRestFollows() {
        String team = team("manual");
        String agent = member("Ann", team, "first", 200);
        for (int i = 0; i < 150; i++) {
            transfer(team);
        }
        assertThat(count(team, "waiting")).isEqualTo(150);

        alice().body("{\"strategy\": \"round_robin\"}").patch("/v1/teams/" + team).then().statusCode(200);

        // answered with part of the queue still waiting: it did not drain 150 at 100 a second first
        assertThat(count(team, "waiting")).isPositive();
        assertThat(count(team, "assigned")).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(count(team, "waiting")).isZero();
            assertThat(count(team, "assigned")).isEqualTo(150);
        });
        alice().get("/v1/agents/" + agent).then().body("data.attributes.activeChats", equalTo(150));
    }

    @Test
    void aBacklogWhoseAgentsAnotherReplicaHoldsIsTakenOnceTheyAreLetGo() throws Exception {
        String team = team("manual");
        String agent = member("Ann", team, "first", 200);
        for (int i = 0; i < 50; i++) {
            transfer(team);
        }
        try (Connection otherReplica = dataSource.getConnection()) {
            otherReplica.setAutoCommit(false);
            try (PreparedStatement lock = otherReplica.prepareStatement("select id from agent where id = ? for update")) {
                lock.setString(1, agent);
                lock.executeQuery().close();
            }
            alice().body("{\"strategy\": \"round_robin\"}").patch("/v1/teams/" + team).then().statusCode(200);
            Thread.sleep(500); // the drain finds Ann's row held meanwhile
            assertThat(count(team, "waiting")).isEqualTo(50);
            otherReplica.rollback();
        }
        // no other trigger (the timer runs hourly here): the drain went on trying
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(count(team, "waiting")).isZero();
            assertThat(count(team, "assigned")).isEqualTo(50);
        });
        alice().get("/v1/agents/" + agent).then().body("data.attributes.activeChats", equalTo(50));
    }

    /** The team's transfers in that status, as the transfer list counts them. */
    private static int count(String team, String status) {
        return RoutingApi.get("/v1/transfers?teamId=" + team + "&status=" + status).getInt("meta.pagination.totalCount");
    }
}
