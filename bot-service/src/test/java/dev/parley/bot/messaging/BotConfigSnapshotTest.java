package dev.parley.bot.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.Topics;
import dev.parley.events.bot.AiContext;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.Flow;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What conversation-service reads: every change to a bot's rules, contexts or flows republishes the whole snapshot
 * on parley.bot-config, with a higher version; a flow shared by two bots republishes both.
 */
@QuarkusTest
class BotConfigSnapshotTest {

    @Inject
    ObjectMapper json;

    private static RequestSpecification alice() {
        return given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json");
    }

    @Test
    void rulesContextsAndFlowsTravelInTheSnapshotOfEveryBotUsingThem() throws Exception {
        try (KafkaProbe config = KafkaProbe.tail(Topics.BOT_CONFIG)) {
            String flow = alice().body("""
                    {"name": "Returns", "triggerKeywords": ["return"], "initialMessage": "Let's start a return.",
                     "steps": [{"message": "Order number?", "inputType": "number", "storeAs": "order"}]}""")
                    .post("/v1/flows").then().statusCode(201).extract().path("data.id");
            String shop = alice().body("{\"name\": \"Shop\", \"provider\": \"none\", \"flowId\": \"" + flow + "\"}")
                    .post("/v1/bots").then().statusCode(201).extract().path("data.id");
            String support = alice().body("{\"name\": \"Support\", \"provider\": \"none\"}")
                    .post("/v1/bots").then().statusCode(201).extract().path("data.id");
            String rule = alice().body("{\"keywords\": [\"return\", \"refund\"], \"priority\": 3, "
                    + "\"response\": {\"type\": \"flow\", \"flowId\": \"" + flow + "\"}}")
                    .post("/v1/bots/" + support + "/keyword-rules").then().statusCode(201).extract().path("data.id");
            alice().body("{\"keywords\": [\"^hi$\"], \"matchType\": \"regex\", \"priority\": 9, \"response\": {\"text\": \"Hello!\"}}")
                    .post("/v1/bots/" + shop + "/keyword-rules").then().statusCode(201);
            String context = alice().body("{\"name\": \"Policy\", \"content\": \"30 days to return.\"}")
                    .post("/v1/bots/" + shop + "/ai-contexts").then().statusCode(201).extract().path("data.id");

            BotSnapshot shopNow = await(config, shop, s -> !s.aiContexts().isEmpty());
            assertThat(shopNow.keywordRules()).extracting(KeywordRule::keywords).containsExactly(List.of("^hi$"));
            assertThat(shopNow.keywordRules().get(0).id()).startsWith("kwr_");
            assertThat(shopNow.aiContexts()).extracting(AiContext::id).containsExactly(context);
            assertThat(shopNow.aiContexts().get(0).contextType()).isEqualTo(AiContext.ContextType.STATIC);
            assertThat(shopNow.flows()).extracting(Flow::id).containsExactly(flow);
            assertThat(shopNow.flows().get(0).steps().get(0).inputType()).isEqualTo(Flow.InputType.NUMBER);
            BotSnapshot supportNow = await(config, support, s -> !s.keywordRules().isEmpty());
            assertThat(supportNow.keywordRules()).extracting(KeywordRule::id).containsExactly(rule);
            assertThat(supportNow.flows()).as("a flow a rule starts travels with the bot").extracting(Flow::id).containsExactly(flow);

            alice().body("{\"initialMessage\": \"Sorry it didn't work out.\"}").patch("/v1/flows/" + flow).then().statusCode(200);
            BotSnapshot shopAfter = await(config, shop, s -> s.flows().get(0).initialMessage().startsWith("Sorry"));
            BotSnapshot supportAfter = await(config, support, s -> s.flows().get(0).initialMessage().startsWith("Sorry"));
            assertThat(shopAfter.version()).isGreaterThan(shopNow.version());
            assertThat(supportAfter.version()).isGreaterThan(supportNow.version());

            alice().delete("/v1/bots/" + support + "/keyword-rules/" + rule).then().statusCode(204);
            BotSnapshot supportEmpty = await(config, support, s -> s.keywordRules().isEmpty());
            assertThat(supportEmpty.flows()).as("no rule starts the flow any more").isEmpty();
        }
    }

    private final java.util.List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();

    /** The latest snapshot of {@code botId} so far that satisfies {@code condition}, waiting for it if needed. */
    private BotSnapshot await(KafkaProbe probe, String botId, java.util.function.Predicate<BotSnapshot> condition) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            for (int i = seen.size() - 1; i >= 0; i--) {
                ConsumerRecord<String, String> r = seen.get(i);
                if (botId.equals(r.key()) && r.value() != null) {
                    BotSnapshot snapshot = read(r.value());
                    if (condition.test(snapshot)) {
                        return snapshot;
                    }
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no snapshot of " + botId + " as expected");
            }
            seen.addAll(probe.drain(Duration.ofMillis(300)));
        }
    }

    private BotSnapshot read(String value) {
        try {
            return json.readValue(value, BotSnapshot.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
