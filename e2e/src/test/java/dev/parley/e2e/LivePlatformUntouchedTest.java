package dev.parley.e2e;

import static dev.parley.e2e.ServiceProcesses.BOT;
import static dev.parley.e2e.ServiceProcesses.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.Topics;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests run beside a live platform on the same broker (./parley up, then ./parley test): what the services a test
 * starts publish goes to the tests' own topics ({@code test.parley.…}), and nothing reaches the topics a live
 * platform reads.
 */
@ExtendWith(ServiceProcesses.class)
class LivePlatformUntouchedTest {

    @Test
    void theTestsTrafficStaysOnTheTestsTopics() {
        List<KafkaProbe> live = new ArrayList<>();
        try (KafkaProbe testBots = KafkaProbe.tail(Topics.BOTS); KafkaProbe testConfig = KafkaProbe.tail(Topics.BOT_CONFIG)) {
            Topics.ALL.forEach(spec -> live.add(KafkaProbe.tailAsNamed(spec.name())));
            String bot = given().baseUri(url(BOT)).header("Authorization", "Bearer " + Keycloak.token("alice"))
                    .contentType("application/json")
                    .body("""
                            {"name": "Untouched %s", "provider": "retrieval", "model": "retrieval"}""".formatted(System.nanoTime()))
                    .post("/v1/bots").then().statusCode(201).extract().path("data.id");

            assertThat(testBots.await(r -> bot.equals(r.key()), Duration.ofSeconds(30))).as("bot.created on test.parley.bots").isPresent();
            assertThat(testConfig.await(r -> bot.equals(r.key()), Duration.ofSeconds(30))).as("snapshot on test.parley.bot-config").isPresent();
            for (int i = 0; i < live.size(); i++) {
                List<ConsumerRecord<String, String>> seen = live.get(i).drain(Duration.ofMillis(500));
                assertThat(seen).as("records about the test's bot on the live topic %s", Topics.ALL.get(i).name())
                        .noneMatch(r -> bot.equals(r.key()) || (r.value() != null && r.value().contains(bot)));
            }
        } finally {
            live.forEach(KafkaProbe::close);
        }
    }
}
