package dev.parley.conversation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.EventLog;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.Topics;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A bot deactivated with {@code transferTo} hands each of its open conversations over, through routing. */
@QuarkusTest
class BotDeactivationTest extends EngineTestBase {

    @Test
    void openConversationsGoToTheAgentTheDeactivationNames() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String first = Channels.say(channel, "ann", "hours?");
        String second = Channels.say(channel, "bob", "hours?");
        assertThat(decided(first)).contains("9 to 5");
        assertThat(decided(second)).contains("9 to 5");
        String agent = Ids.generate("agt");

        try (EventLog events = new EventLog(Topics.CONVERSATIONS, json)) {
            KafkaProbe.send(Topics.BOTS, bot.id, """
                    {"botId": "%s", "tenantId": "tnt_acme", "deactivation": {"transferTo": "%s", "reason": "maintenance"}}"""
                    .formatted(bot.id, agent), BotConfigs.headers(Ids.generate("evt"), "bot.deactivated", "tnt_acme"));

            for (String conversation : new String[] {first, second}) {
                JsonNode handoff = events.take(conversation, "handoff.requested");
                assertThat(handoff.path("agentId").asText()).isEqualTo(agent);
                assertThat(handoff.path("reason").asText()).isEqualTo("bot_deactivated");
                assertThat(handoff.path("notes").asText()).isEqualTo("maintenance");
                assertThat(handoff.path("botId").asText()).isEqualTo(bot.id);
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        "handed_off".equals(Conversations.conversation(conversation).getString("data.attributes.status")));
            }
        }
    }

    @Test
    void openConversationsGoToTheBotTheDeactivationNamesAndAreCountedFirst() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        TestBot fallbackBot = new TestBot();
        fallbackBot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "Fallback bot: 8 to 8", "hours"));
        publishWithWebhook(fallbackBot);
        String first = Channels.say(channel, "ann", "hours?");
        String second = Channels.say(channel, "bob", "hours?");
        assertThat(decided(first)).containsExactly("9 to 5");
        assertThat(decided(second)).containsExactly("9 to 5");

        // what bot-service asks before it answers the deactivation: the conversations to hand over, with its token
        String service = io.restassured.RestAssured.given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "bot-service").formParam("client_secret", "bot-service-secret")
                .post(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.oidc.auth-server-url", String.class) + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + service)
                .header("X-Parley-Tenant-Id", "tnt_acme").get("/internal/bots/" + bot.id + "/open-conversations")
                .then().statusCode(200).body("data.count", org.hamcrest.Matchers.equalTo(2));
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + service)
                .header("X-Parley-Tenant-Id", "tnt_globex").get("/internal/bots/" + bot.id + "/open-conversations")
                .then().statusCode(200).body("data.count", org.hamcrest.Matchers.equalTo(0));
        // people cannot call it
        io.restassured.RestAssured.given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .get("/internal/bots/" + bot.id + "/open-conversations").then().statusCode(403);

        KafkaProbe.send(Topics.BOTS, bot.id, """
                {"botId": "%s", "tenantId": "tnt_acme", "deactivation": {"transferTo": "%s", "reason": "retired"}}"""
                .formatted(bot.id, fallbackBot.id), BotConfigs.headers(Ids.generate("evt"), "bot.deactivated", "tnt_acme"));
        for (String conversation : new String[] {first, second}) {
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    fallbackBot.id.equals(Conversations.conversation(conversation).getString("data.attributes.botId")));
            assertThat(Conversations.conversation(conversation).getString("data.attributes.status")).isEqualTo("open");
        }
        // the named bot answers the next message, on the same channel; nothing goes to people
        Channels.say(channel, "ann", "and your hours today?");
        assertThat(decided(first)).containsExactly("9 to 5", "Fallback bot: 8 to 8");
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + service)
                .header("X-Parley-Tenant-Id", "tnt_acme").get("/internal/bots/" + bot.id + "/open-conversations")
                .then().statusCode(200).body("data.count", org.hamcrest.Matchers.equalTo(0));
    }
}
