package dev.parley.bot.messaging;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.publish;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.parley.bot.testing.BotApi;
import dev.parley.events.Topics;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Bot statistics come from the conversation and usage events on Kafka, each event counted once. */
@QuarkusTest
class BotStatsTest {

    @Test
    void statsAddUpTheBotsEventsOfThePeriod() {
        String alice = Keycloak.bearer("alice");
        String bot = BotApi.createBot(alice, BotApi.minimalBot("Stats Bot"));
        String first = Ids.generate("conv");
        String second = Ids.generate("conv");
        Instant now = Instant.now();
        String conversation = """
                {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "channelId": "ch_1", "status": "open",
                 "startedAt": "%s"}""";
        publish(Topics.CONVERSATIONS, first, "conversation.started", UUID.randomUUID().toString(),
                conversation.formatted(first, bot, now));
        publish(Topics.CONVERSATIONS, second, "conversation.started", UUID.randomUUID().toString(),
                conversation.formatted(second, bot, now));
        String message = """
                {"tenantId": "tnt_acme", "conversationId": "%s", "messageId": "msg_%s", "botId": "%s", "sender": "%s",
                 "text": "hi", "intent": %s, "responseTimeMs": %s, "createdAt": "%s"}""";
        publish(Topics.CONVERSATIONS, first, "message.received", UUID.randomUUID().toString(),
                message.formatted(first, 1, bot, "contact", null, null, now));
        String sent = UUID.randomUUID().toString();
        publish(Topics.CONVERSATIONS, first, "message.sent", sent,
                message.formatted(first, 2, bot, "bot", "\"order_status\"", 1200, now));
        publish(Topics.CONVERSATIONS, first, "message.sent", sent, // redelivered: counted once
                message.formatted(first, 2, bot, "bot", "\"order_status\"", 1200, now));
        publish(Topics.CONVERSATIONS, second, "message.sent", UUID.randomUUID().toString(),
                message.formatted(second, 3, bot, "bot", "\"pricing\"", 800, now));
        publish(Topics.CONVERSATIONS, second, "handoff.requested", UUID.randomUUID().toString(), """
                {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "reason": "customer_request",
                 "someFutureField": true}""".formatted(second, bot));
        publish(Topics.CONVERSATIONS, first, "conversation.closed", UUID.randomUUID().toString(), """
                {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "status": "closed", "startedAt": "%s",
                 "closedAt": "%s", "messageCount": 4, "durationSeconds": 60, "handedOff": false}"""
                .formatted(first, bot, now, now));
        publish(Topics.CONVERSATIONS, first, "feedback.received", UUID.randomUUID().toString(), """
                {"tenantId": "tnt_acme", "conversationId": "%s", "botId": "%s", "rating": 5, "receivedAt": "%s"}"""
                .formatted(first, bot, now));
        publish(Topics.LLM_USAGE, "tnt_acme", "llm.usage.recorded", UUID.randomUUID().toString(), """
                {"tenantId": "tnt_acme", "botId": "%s", "conversationId": "%s", "kind": "chat", "provider": "openai",
                 "model": "gpt-4o-mini", "promptTokens": 120, "completionTokens": 30, "totalTokens": 150,
                 "estimatedCost": 0.0000360, "latencyMs": 420, "occurredAt": "%s"}""".formatted(bot, first, now));

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                as(alice).get("/v1/bots/" + bot + "/stats?period=1h").then().statusCode(200)
                        .body("data.type", equalTo("bot_stats"))
                        .body("data.attributes.period", equalTo("1h"))
                        .body("data.attributes.conversations.total", equalTo(2))
                        .body("data.attributes.conversations.resolved", equalTo(1))
                        .body("data.attributes.conversations.handedOff", equalTo(1))
                        .body("data.attributes.conversations.avgLength", equalTo(4.0f))
                        .body("data.attributes.conversations.avgDuration", equalTo(60.0f))
                        .body("data.attributes.messages.received", equalTo(1))
                        .body("data.attributes.messages.sent", equalTo(2))
                        .body("data.attributes.messages.avgResponseTime", equalTo(1.0f))
                        .body("data.attributes.performance.resolutionRate", equalTo(1.0f))
                        .body("data.attributes.performance.handoffRate", equalTo(0.5f))
                        .body("data.attributes.performance.satisfactionScore", equalTo(5.0f))
                        .body("data.attributes.performance.feedbackCount", equalTo(1))
                        .body("data.attributes.usage.totalTokens", equalTo(150))
                        .body("data.attributes.usage.promptTokens", equalTo(120))
                        .body("data.attributes.usage.estimatedCost", equalTo(0.0000f))
                        .body("data.attributes.topIntents", hasSize(2))
                        .body("data.attributes.topIntents[0].intent", equalTo("order_status"))
                        .body("data.attributes.topHandoffReasons[0].reason", equalTo("customer_request"))
                        .body("data.attributes.topHandoffReasons[0].count", equalTo(1)));
    }

    @Test
    void aBotWithNoActivityHasZeroesAndAnotherTenantSeesNothing() {
        String alice = Keycloak.bearer("alice");
        String bot = BotApi.createBot(alice, BotApi.minimalBot("Quiet Bot"));
        as(alice).get("/v1/bots/" + bot + "/stats").then().statusCode(200)
                .body("data.attributes.period", equalTo("24h"))
                .body("data.attributes.conversations.total", equalTo(0))
                .body("data.attributes.performance.handoffRate", nullValue());
        as(Keycloak.bearer("bob")).get("/v1/bots/" + bot + "/stats").then().statusCode(404)
                .body("code", equalTo("BOT_NOT_FOUND"));
        as(alice).get("/v1/bots/" + bot + "/stats?period=2w").then().statusCode(400)
                .body("errors[0].field", equalTo("period"));
    }
}
