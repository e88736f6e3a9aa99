package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.Seeds.SEED_FLOW;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.parley.bot.testing.BotApi;
import dev.parley.bot.testing.Knowledge;
import dev.parley.events.Topics;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 14.9: a bot object as the Linktor seed shows it — what it references by name and its statistics summary from
 * the activity projection — and training answers with an estimated end; a failed training leaves the bot in error.
 */
@QuarkusTest
class BotOverviewTest {

    static final String ALICE = Keycloak.bearer("alice");

    static void event(String key, String type, String data) {
        BotApi.publish(Topics.CONVERSATIONS, key, type, UUID.randomUUID().toString(), data);
    }

    @Test
    void aBotShowsItsKnowledgeBaseFlowChannelsAndStatsSummary() throws Exception {
        String kb = Knowledge.createKnowledgeBase(ALICE, "Product Knowledge Base");
        Knowledge.addDocument(kb, "Shipping", "text", "We ship in three days.");
        Knowledge.addDocument(kb, "Returns", "text", "Returns within thirty days.");
        String flow = as(ALICE).body(SEED_FLOW.replace("Feedback Collection", "Support Flow"))
                .post("/v1/flows").then().statusCode(201).extract().path("data.id");
        String channel = as(ALICE).body("{\"type\": \"webchat\", \"name\": \"Website Chat\"}").post("/v1/channels")
                .then().statusCode(201).extract().path("data.id");
        String bot = createBot(ALICE, """
                {"name": "Overview Bot %s", "provider": "openai", "model": "gpt-4", "knowledgeBaseId": "%s",
                 "flowIds": ["%s"], "flowId": "%s", "channelIds": ["%s"]}""".formatted(UUID.randomUUID(), kb, flow, flow, channel));

        Instant now = Instant.now();
        Instant twoDaysAgo = now.minus(Duration.ofDays(2));
        String today = Ids.generate("conv");
        String earlier = Ids.generate("conv");
        String started = """
                {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "channelId": "%s", "status": "open",
                 "startedAt": "%s"}""";
        event(today, "conversation.started", started.formatted(today, bot, channel, now));
        event(earlier, "conversation.started", started.formatted(earlier, bot, channel, twoDaysAgo));
        String message = """
                {"tenantId": "tnt_acme", "conversationId": "%s", "messageId": "%s", "botId": "%s", "sender": "%s",
                 "text": "hi", "responseTimeMs": %s, "createdAt": "%s"}""";
        event(today, "message.received", message.formatted(today, Ids.generate("msg"), bot, "contact", null, now));
        event(today, "message.sent", message.formatted(today, Ids.generate("msg"), bot, "bot", 1500, now));
        event(earlier, "message.received", message.formatted(earlier, Ids.generate("msg"), bot, "contact", null, twoDaysAgo));
        event(earlier, "handoff.requested", """
                {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "reason": "customer_request"}"""
                .formatted(earlier, bot));
        event(earlier, "conversation.closed", """
                {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "status": "closed", "startedAt": "%s",
                 "closedAt": "%s", "messageCount": 6, "durationSeconds": 60, "handedOff": true}"""
                .formatted(earlier, bot, twoDaysAgo, twoDaysAgo));
        event(earlier, "feedback.received", """
                {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "rating": 4, "receivedAt": "%s"}"""
                .formatted(earlier, bot, twoDaysAgo));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                as(ALICE).get("/v1/bots/" + bot).then().statusCode(200)
                        .body("data.attributes.knowledgeBase.id", equalTo(kb))
                        .body("data.attributes.knowledgeBase.name", equalTo("Product Knowledge Base"))
                        .body("data.attributes.knowledgeBase.documentCount", equalTo(2))
                        .body("data.attributes.knowledgeBase.lastTrainedAt", nullValue())
                        .body("data.attributes.flow.id", equalTo(flow))
                        .body("data.attributes.flow.name", equalTo("Support Flow"))
                        .body("data.attributes.channels", hasSize(1))
                        .body("data.attributes.channels[0].id", equalTo(channel))
                        .body("data.attributes.channels[0].name", equalTo("Website Chat"))
                        .body("data.attributes.channels[0].type", equalTo("webchat"))
                        .body("data.attributes.stats.conversationsHandled24h", equalTo(1))
                        .body("data.attributes.stats.conversationsHandledTotal", equalTo(2))
                        .body("data.attributes.stats.messagesProcessed24h", equalTo(2))
                        .body("data.attributes.stats.messagesProcessedTotal", equalTo(3))
                        .body("data.attributes.stats.avgResponseTime", equalTo(1.5f))
                        .body("data.attributes.stats.avgConversationLength", equalTo(6.0f))
                        .body("data.attributes.stats.handoffRate", equalTo(0.5f))
                        .body("data.attributes.stats.satisfactionScore", equalTo(4.0f)));

        JsonPath list = as(ALICE).get("/v1/bots?perPage=100").then().statusCode(200).extract().jsonPath();
        List<Object> items = list.getList("data.findAll { it.id == '" + bot + "' }");
        org.assertj.core.api.Assertions.assertThat(items).hasSize(1);
        String item = "data.find { it.id == '" + bot + "' }.attributes";
        org.assertj.core.api.Assertions.assertThat(list.getString(item + ".channels[0].id")).isEqualTo(channel);
        org.assertj.core.api.Assertions.assertThat(list.getString(item + ".channels[0].name")).isEqualTo("Website Chat");
        org.assertj.core.api.Assertions.assertThat(list.getInt(item + ".stats.conversationsHandled24h")).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(list.getInt(item + ".stats.messagesProcessed24h")).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(list.getFloat(item + ".stats.handoffRate")).isEqualTo(0.5f);

        String quiet = createBot(ALICE, BotApi.minimalBot("Quiet " + UUID.randomUUID()));
        as(ALICE).get("/v1/bots/" + quiet).then().statusCode(200)
                .body("data.attributes.knowledgeBase", nullValue())
                .body("data.attributes.channels", hasSize(0))
                .body("data.attributes.stats.conversationsHandledTotal", equalTo(0))
                .body("data.attributes.stats.satisfactionScore", nullValue());
    }

    @Test
    void trainingEstimatesItsEndAndAFailedTrainingPutsTheBotInError() throws Exception {
        String kb = Knowledge.createKnowledgeBase(ALICE, "Trained " + UUID.randomUUID());
        Knowledge.addDocument(kb, "Hours", "text", "The store opens at nine and closes at six.");
        String bot = createBot(ALICE, "{\"name\": \"Trainee\", \"provider\": \"retrieval\", \"knowledgeBaseId\": \"" + kb + "\"}");

        // A key that may change bots but not use the LLM gateway: its embeddings are refused, so the job fails.
        String noLlm = "Bearer " + BotApi.issueKey(ALICE, Set.of("bots:read", "bots:write"));
        String job = as(noLlm).body("{}").post("/v1/bots/" + bot + "/train").then().statusCode(202)
                .body("data.attributes.status", equalTo("in_progress"))
                .body("data.attributes.documentsToProcess", equalTo(1))
                .body("data.attributes.estimatedCompletion", notNullValue())
                .extract().path("data.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> "failed".equals(
                as(ALICE).get("/v1/bots/" + bot + "/training-jobs/" + job).then().extract().path("data.attributes.status")));
        as(ALICE).get("/v1/bots/" + bot + "/training-jobs/" + job).then()
                .body("data.attributes.estimatedCompletion", nullValue());
        as(ALICE).get("/v1/bots/" + bot).then().statusCode(200).body("data.attributes.status", equalTo("error"));
        as(ALICE).get("/v1/bots?status=error&perPage=100").then().statusCode(200)
                .body("data.findAll { it.id == '" + bot + "' }", hasSize(1));

        // Trained successfully, the bot returns to where it was before the failed job.
        JsonPath done = Knowledge.train(bot, false);
        org.assertj.core.api.Assertions.assertThat(done.getString("data.attributes.status")).isEqualTo("completed");
        as(ALICE).get("/v1/bots/" + bot).then().statusCode(200)
                .body("data.attributes.status", equalTo("inactive"))
                .body("data.attributes.knowledgeBase.lastTrainedAt", notNullValue());
    }
}
