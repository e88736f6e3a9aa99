package dev.parley.routing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.Topics;
import dev.parley.platform.id.Ids;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutboxRelay;
import dev.parley.platform.outbox.OutgoingEvent;
import dev.parley.platform.testing.KafkaProbe;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An event committed while another replica relays leaves as soon as that replica's round ends: the woken relay looks
 * again shortly instead of giving up until the next poll (a minute here, so only that can deliver it in time).
 */
@QuarkusTest
@TestProfile(OutboxRelayTurnTest.RarePolls.class)
class OutboxRelayTurnTest {

    public static class RarePolls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.outbox.poll-interval", "60s");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    AgroalDataSource database;

    @Test
    void anEventCommittedWhileAnotherReplicaRelaysLeavesWhenThatRoundEnds() throws Exception {
        String key = Ids.generate("test");
        try (KafkaProbe probe = KafkaProbe.tail(Topics.LLM_USAGE); Connection otherReplica = database.getConnection()) {
            otherReplica.setAutoCommit(false);
            try (Statement round = otherReplica.createStatement()) {
                round.execute("select pg_advisory_xact_lock(" + OutboxRelay.RELAY_LOCK + ")"); // as its relay takes it for a round
            }
            QuarkusTransaction.requiringNew().run(() ->
                    outbox.publish(new OutgoingEvent(Topics.LLM_USAGE, key, "test.during-a-round", "tnt_acme", Map.of("n", 1))));
            // the other replica's round is still running: nothing of this replica's leaves yet
            assertThat(probe.drain(Duration.ofSeconds(1))).extracting(r -> r.key()).doesNotContain(key);

            otherReplica.commit(); // that round ends
            assertThat(probe.await(r -> key.equals(r.key()), Duration.ofSeconds(10))).isPresent();
        }
    }
}
