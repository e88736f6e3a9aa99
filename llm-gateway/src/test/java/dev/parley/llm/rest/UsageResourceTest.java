package dev.parley.llm.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.llm.LlmUsageEvent;
import dev.parley.events.Topics;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Usage and budgets of tenant Globex (bob is its admin, gina a developer), kept apart from Acme's tests. */
@QuarkusTest
class UsageResourceTest {

    @Inject
    ObjectMapper json;

    static RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user)).contentType("application/json");
    }

    @Test
    void usageTotalsEqualTheSumOfTheCalls() throws Exception {
        String bot = Ids.generate("bot");
        String conversation = Ids.generate("conv");
        int sum = 0;
        try (KafkaProbe events = KafkaProbe.tail(Topics.LLM_USAGE)) {
            for (String text : List.of("one", "a somewhat longer sentence to embed", "three little words")) {
                sum += as("gina").header("X-Parley-Bot-Id", bot).header("X-Parley-Conversation-Id", conversation)
                        .body("{\"input\": \"" + text + "\"}").post("/v1/embeddings")
                        .then().statusCode(200).extract().<Integer>path("usage.total_tokens");
            }
            ConsumerRecord<String, String> event = events.await(r -> r.value() != null && r.value().contains(bot),
                    Duration.ofSeconds(10)).orElseThrow();
            assertThat(event.key()).isEqualTo("tnt_globex");
            assertThat(KafkaProbe.header(event, CloudEventHeaders.TYPE)).isEqualTo(LlmUsageEvent.TYPE);
            LlmUsageEvent usage = json.readValue(event.value(), LlmUsageEvent.class);
            assertThat(usage.conversationId()).isEqualTo(conversation);
            assertThat(usage.model()).isEqualTo("all-minilm-l6-v2-q");
            assertThat(usage.totalTokens()).isPositive();
        }
        JsonPath byBot = as("gina").queryParam("groupBy", "bot").queryParam("perPage", 100).get("/v1/usage")
                .then().statusCode(200).extract().jsonPath();
        int index = byBot.getList("data.id", String.class).indexOf(bot);
        assertThat(index).isNotNegative();
        assertThat(byBot.getLong("data[" + index + "].attributes.requests")).isEqualTo(3);
        assertThat(byBot.getLong("data[" + index + "].attributes.totalTokens")).isEqualTo(sum);
        assertThat(byBot.getLong("data[" + index + "].attributes.completionTokens")).isZero();
        // the in-process model costs nothing: said as an amount, not as 0E-8
        String raw = as("gina").queryParam("groupBy", "bot").queryParam("perPage", 100).get("/v1/usage").asString();
        assertThat(raw).contains("\"id\":\"" + bot + "\",\"type\":\"usage\",\"attributes\":{\"requests\":3,")
                .contains("\"estimatedCost\":0.00000000}").doesNotContain("E-");

        as("gina").queryParam("groupBy", "model").get("/v1/usage").then().statusCode(200)
                .body("data.id", hasItem("local/all-minilm-l6-v2-q"));
        as("gina").queryParam("groupBy", "day").get("/v1/usage").then().statusCode(200)
                .body("data[0].id", notNullValue());
        // Acme sees none of Globex's usage
        as("alice").queryParam("groupBy", "bot").queryParam("perPage", 100).get("/v1/usage").then().statusCode(200)
                .body("data.id", org.hamcrest.Matchers.not(hasItem(bot)));
    }

    @Test
    void overBudgetMeans429AndNoWork() {
        long used = as("bob").get("/v1/usage/budget").then().statusCode(200).extract().jsonPath()
                .getLong("data.attributes.usedTokens");
        try {
            as("bob").body("{\"monthlyTokens\": " + used + "}").put("/v1/usage/budget")
                    .then().statusCode(200)
                    .body("data.attributes.overridden", equalTo(true))
                    .body("data.attributes.remainingTokens", equalTo(0));
            as("bob").body("{\"input\": \"anything at all\"}").post("/v1/embeddings")
                    .then().statusCode(429)
                    .contentType("application/problem+json")
                    .body("code", equalTo("BUDGET_EXCEEDED"))
                    .header("Retry-After", notNullValue());
            as("bob").get("/v1/usage/budget").then().body("data.attributes.usedTokens", equalTo((int) used));
        } finally {
            as("bob").body("{\"monthlyTokens\": null}").put("/v1/usage/budget")
                    .then().statusCode(200)
                    .body("data.attributes.overridden", equalTo(false))
                    .body("data.attributes.monthlyTokens", equalTo(1_000_000));
        }
        as("bob").body("{\"input\": \"anything at all\"}").post("/v1/embeddings").then().statusCode(200);
    }

    @Test
    void onlyAdminsSetBudgetsAndBadQueriesAreClear() {
        as("gina").body("{\"monthlyTokens\": 5}").put("/v1/usage/budget").then().statusCode(403);
        as("bob").body("{\"monthlyTokens\": -5}").put("/v1/usage/budget").then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"));
        as("gina").queryParam("groupBy", "week").get("/v1/usage").then().statusCode(400)
                .body("errors[0].field", equalTo("groupBy"));
        as("gina").queryParam("from", "yesterday").get("/v1/usage").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        as("gina").header("X-Parley-Bot-Id", "not-a-bot").body("{\"input\": \"x\"}").post("/v1/embeddings")
                .then().statusCode(400).body("errors[0].field", equalTo("X-Parley-Bot-Id"));
    }
}
