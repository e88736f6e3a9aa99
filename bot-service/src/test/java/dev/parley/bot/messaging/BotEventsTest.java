package dev.parley.bot.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotEvent;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.BotStatus;
import dev.parley.platform.id.Ids;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Events leave through the outbox: on Kafka if and only if their transaction committed. */
@QuarkusTest
class BotEventsTest {

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    @Test
    void anEventIsPublishedIfAndOnlyIfItsTransactionCommits() {
        String committed = Ids.generate("test");
        String rolledBack = Ids.generate("test");
        try (KafkaProbe probe = KafkaProbe.tail(Topics.BOTS)) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    outbox.publish(new OutgoingEvent(Topics.BOTS, rolledBack, "test.rolled-back", "tnt_acme", Map.of("n", 1)));
                    throw new IllegalStateException("forced rollback");
                });
            } catch (IllegalStateException expected) {
                // the change and its event are gone together
            }
            QuarkusTransaction.requiringNew().run(() ->
                    outbox.publish(new OutgoingEvent(Topics.BOTS, committed, "test.committed", "tnt_acme", Map.of("n", 2))));

            List<ConsumerRecord<String, String>> seen = probe.drain(Duration.ofSeconds(4));
            assertThat(seen).extracting(ConsumerRecord::key).contains(committed).doesNotContain(rolledBack);
            ConsumerRecord<String, String> record = seen.stream().filter(r -> committed.equals(r.key())).findFirst().orElseThrow();
            assertThat(record.value()).isEqualTo("{\"n\":2}");
            assertThat(KafkaProbe.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(KafkaProbe.header(record, CloudEventHeaders.TYPE)).isEqualTo("test.committed");
            assertThat(KafkaProbe.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/parley/bot-service");
            assertThat(KafkaProbe.header(record, CloudEventHeaders.TENANT_ID)).isEqualTo("tnt_acme");
            assertThat(KafkaProbe.header(record, CloudEventHeaders.ID)).startsWith("evt_");
            assertThat(KafkaProbe.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        }
    }

    @Test
    void everyBotChangePublishesItsSnapshotAndLifecycleEvent() throws Exception {
        String alice = Keycloak.bearer("alice");
        try (KafkaProbe config = KafkaProbe.tail(Topics.BOT_CONFIG); KafkaProbe lifecycle = KafkaProbe.tail(Topics.BOTS)) {
            String id = given().header("Authorization", alice).contentType("application/json")
                    .body("{\"name\": \"Evented\", \"provider\": \"openai\", \"model\": \"gpt-4\"}")
                    .post("/v1/bots").then().statusCode(201).extract().path("data.id");
            given().header("Authorization", alice).contentType("application/json").body("{\"description\": \"v2\"}")
                    .patch("/v1/bots/" + id).then().statusCode(200);
            given().header("Authorization", alice).post("/v1/bots/" + id + "/activate").then().statusCode(200);
            given().header("Authorization", alice).contentType("application/json").body("{\"reason\": \"maintenance\"}")
                    .post("/v1/bots/" + id + "/deactivate").then().statusCode(200);
            given().header("Authorization", alice).delete("/v1/bots/" + id).then().statusCode(204);

            List<ConsumerRecord<String, String>> snapshots = config.drain(Duration.ofSeconds(4)).stream()
                    .filter(r -> id.equals(r.key())).toList();
            assertThat(snapshots).extracting(r -> KafkaProbe.header(r, CloudEventHeaders.TYPE)).containsExactly(
                    BotEvent.CREATED, BotEvent.UPDATED, BotEvent.ACTIVATED, BotEvent.DEACTIVATED, BotEvent.DELETED);
            BotSnapshot updated = json.readValue(snapshots.get(1).value(), BotSnapshot.class);
            assertThat(updated.description()).isEqualTo("v2");
            assertThat(updated.tenantId()).isEqualTo("tnt_acme");
            assertThat(updated.version()).isGreaterThan(json.readValue(snapshots.get(0).value(), BotSnapshot.class).version());
            assertThat(json.readValue(snapshots.get(2).value(), BotSnapshot.class).status()).isEqualTo(BotStatus.ACTIVE);
            assertThat(snapshots.get(4).value()).as("tombstone").isNull();

            List<ConsumerRecord<String, String>> events = lifecycle.drain(Duration.ofSeconds(1)).stream()
                    .filter(r -> id.equals(r.key())).toList();
            assertThat(events).hasSize(5);
            BotEvent deactivated = json.readValue(events.get(3).value(), BotEvent.class);
            assertThat(deactivated.deactivation().reason()).isEqualTo("maintenance");
            assertThat(json.readValue(events.get(4).value(), BotEvent.class).bot().name()).isEqualTo("Evented");
        }
    }

    @Test
    void theRequestsTraceContextTravelsWithTheEvent() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (KafkaProbe lifecycle = KafkaProbe.tail(Topics.BOTS)) {
            String id = given().header("Authorization", Keycloak.bearer("alice"))
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .contentType("application/json")
                    .body("{\"name\": \"Traced\", \"provider\": \"none\"}")
                    .post("/v1/bots").then().statusCode(201).extract().path("data.id");
            ConsumerRecord<String, String> event = lifecycle.await(r -> id.equals(r.key()), Duration.ofSeconds(10)).orElseThrow();
            assertThat(KafkaProbe.header(event, "traceparent")).startsWith("00-" + traceId + "-");
        }
    }
}
