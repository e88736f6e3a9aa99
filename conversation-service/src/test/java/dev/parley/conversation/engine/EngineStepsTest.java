package dev.parley.conversation.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotStatus;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Flow;
import dev.parley.events.bot.KeywordRule;
import dev.parley.events.bot.TransferConfig;
import dev.parley.events.bot.Weekday;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC §5, one scenario per step, each through the real inbound HTTP path of a webhook channel. */
@QuarkusTest
class EngineStepsTest extends EngineTestBase {

    static dev.parley.conversation.testing.EventLog conversationEvents;

    @BeforeAll
    static void tail() {
        conversationEvents = new dev.parley.conversation.testing.EventLog(Topics.CONVERSATIONS, new com.fasterxml.jackson.databind.ObjectMapper());
    }

    @AfterAll
    static void close() {
        conversationEvents.close();
    }

    @BeforeEach
    void hooks() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
    }

    private JsonNode awaitEvent(String conversationId, String type) {
        return conversationEvents.take(conversationId, type);
    }

    @Test
    void step1_handedOffConversationKeepsTheBotSilent() throws Exception {
        TestBot bot = new TestBot();
        bot.handoff = new BotBehaviors.Handoff(true, List.of("agent"), "Connecting you...");
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "I want an agent");
        assertThat(decided(conv)).containsExactly("Connecting you...");
        Channels.say(channel, "u1", "what are your hours?");
        assertThat(decided(conv)).containsExactly("Connecting you...");
        assertThat(Conversations.conversation(conv).getString("data.attributes.status")).isEqualTo("handed_off");
        // the customer's message still reaches the agent side as an event
        awaitEvent(conv, "message.received");
    }

    @Test
    void step2_inactiveBotSendsTheOfflineMessageOnceAndQueues() {
        TestBot bot = new TestBot();
        bot.status = BotStatus.INACTIVE;
        bot.offline = new BotBehaviors.OfflineMessage(true, "We are closed.");
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "hours?");
        assertThat(decided(conv)).containsExactly("We are closed.");
        Channels.say(channel, "u1", "hello?");
        assertThat(decided(conv)).containsExactly("We are closed.");
        assertThat(Conversations.conversation(conv).getString("data.attributes.status")).isEqualTo("queued");

        bot.status = BotStatus.ACTIVE;
        republish(bot);
        Channels.say(channel, "u1", "hours?");
        assertThat(decided(conv)).containsExactly("We are closed.", "9 to 5");
        assertThat(Conversations.conversation(conv).getString("data.attributes.status")).isEqualTo("open");
    }

    @Test
    void step2_outsideBusinessHoursIsOffline() {
        TestBot bot = new TestBot();
        // open only one minute a week, on a day that is not today
        Weekday notToday = Weekday.values()[(java.time.LocalDate.now(java.time.ZoneOffset.UTC).getDayOfWeek().ordinal() + 3) % 7];
        bot.businessHours = new BotBehaviors.BusinessHours(true, "UTC",
                List.of(new BotBehaviors.OpeningHours(notToday, "10:00", "10:01")));
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "hours?");
        // no offlineMessage configured: no text invented, the conversation waits
        assertThat(decided(conv)).isEmpty();
        assertThat(Conversations.conversation(conv).getString("data.attributes.status")).isEqualTo("queued");
        bot.offline = new BotBehaviors.OfflineMessage(true, "Back on Monday.");
        republish(bot);
        String second = Channels.say(channel, "u2", "hours?");
        assertThat(decided(second)).containsExactly("Back on Monday.");
    }

    @Test
    void step3_firstMessageIsGreetedWithButtonsThenAnswered() {
        TestBot bot = new TestBot();
        bot.greeting = new BotBehaviors.Greeting(true, "Welcome!",
                List.of(new Button("track", "Track order"), new Button("agent", "Speak to agent")));
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "your hours?");
        assertThat(decided(conv)).containsExactly("Welcome!", "9 to 5");
        List<Map<String, Object>> out = Conversations.outbound(conv);
        assertThat(out.get(0).get("buttons").toString()).contains("Track order", "Speak to agent");
        Channels.say(channel, "u1", "hours");
        assertThat(decided(conv)).containsExactly("Welcome!", "9 to 5", "9 to 5");
        // a greeting alone answers a first message the bot has nothing else for
        String other = Channels.say(channel, "u2", "hi");
        assertThat(decided(other)).containsExactly("Welcome!");
        // and the reply went out to the channel
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Fakes.wiremock().verify(
                postRequestedFor(urlEqualTo("/hook/" + bot.id)).withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.containing("Speak to agent"))));
    }

    @Test
    void step4_handoffTriggerRequestsATransfer() throws Exception {
        TestBot bot = new TestBot();
        bot.handoff = new BotBehaviors.Handoff(true, List.of("human", "talk to someone"), "A person will answer.");
        bot.rules.add(TestBot.textRule("human rule", 100, KeywordRule.MatchType.CONTAINS, "never", "human"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "Can I talk to SOMEONE please");
        assertThat(decided(conv)).containsExactly("A person will answer.");
        JsonNode handoff = awaitEvent(conv, "handoff.requested");
        assertThat(handoff.path("reason").asText()).isEqualTo("customer_request");
        assertThat(handoff.path("botId").asText()).isEqualTo(bot.id);
        assertThat(handoff.path("tenantId").asText()).isEqualTo("tnt_acme");
        assertThat(handoff.path("contactId").asText()).startsWith("ct_");
    }

    @Test
    void step5_flowValidatesStoresTemplatesAndTransfers() throws Exception {
        TestBot bot = new TestBot();
        Flow flow = new Flow(Ids.generate("flow"), "Feedback", List.of("feedback"), "Let's collect your feedback.",
                "Thank you!", true, null, List.of(
                new Flow.Step("rating", 1, "How would you rate us?", Flow.MessageType.BUTTONS, Flow.InputType.SELECT, null,
                        "Please pick one of the buttons.", null,
                        List.of(new Button("excellent", "Excellent"), new Button("poor", "Poor")), "rating", null, null, null),
                new Flow.Step("age", 2, "Your age, {{rating}} customer?", Flow.MessageType.TEXT, Flow.InputType.NUMBER,
                        new Flow.Validation(null, null, null, 18.0, 120.0), "A number from 18 to 120, please.", null, null,
                        "age", null, null, null),
                new Flow.Step("handover", 3, "Passing you to sales...", Flow.MessageType.TRANSFER, null, null, null, null,
                        null, null, null, new TransferConfig("team_sales", "Rating: {{rating}}, age {{age}}"), null),
                new Flow.Step("never", 4, "not reached", Flow.MessageType.TEXT, Flow.InputType.NONE, null, null, null, null,
                        null, null, null, null)));
        bot.flows.add(flow);
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "I have feedback");
        assertThat(decided(conv)).containsExactly("Let's collect your feedback.", "How would you rate us?");
        Channels.say(channel, "u1", "meh");
        assertThat(decided(conv)).last().isEqualTo("Please pick one of the buttons.");
        Channels.say(channel, "u1", "EXCELLENT");
        assertThat(decided(conv)).last().isEqualTo("Your age, Excellent customer?");
        Channels.say(channel, "u1", "7");
        assertThat(decided(conv)).last().isEqualTo("A number from 18 to 120, please.");
        Channels.say(channel, "u1", "42");
        assertThat(decided(conv)).last().isEqualTo("Passing you to sales...");
        JsonNode handoff = awaitEvent(conv, "handoff.requested");
        assertThat(handoff.path("reason").asText()).isEqualTo("flow_transfer");
        assertThat(handoff.path("teamId").asText()).isEqualTo("team_sales");
        assertThat(handoff.path("notes").asText()).isEqualTo("Rating: Excellent, age 42");
    }

    @Test
    void step5_flowCompletesWithItsCompletionMessageAndKeepsVariables() {
        TestBot bot = new TestBot();
        Flow flow = new Flow(Ids.generate("flow"), "Signup", List.of("sign up"), null, "Done, {{name}} <{{email}}>.",
                true, null, List.of(
                new Flow.Step("name", 1, "Your name?", Flow.MessageType.TEXT, Flow.InputType.TEXT,
                        new Flow.Validation(null, 2, 40, null, null), null, null, null, "name", null, null, null),
                new Flow.Step("email", 2, "Your email?", Flow.MessageType.TEXT, Flow.InputType.EMAIL, null, null, null,
                        null, "email", null, null, null)));
        bot.flows.add(flow);
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "sign up");
        Channels.say(channel, "u1", "Ann");
        Channels.say(channel, "u1", "not-an-email");
        Channels.say(channel, "u1", "ann@example.com");
        assertThat(decided(conv)).containsExactly("Your name?", "Your email?", BotEngine.DEFAULT_RETRY,
                "Done, Ann <ann@example.com>.");
        // the session keeps what was collected and has left the flow
        io.restassured.path.json.JsonPath sessions = io.restassured.RestAssured.given()
                .header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .when().get("/v1/sessions?botId=" + bot.id).then().statusCode(200).extract().jsonPath();
        assertThat(sessions.getString("data[0].attributes.variables.email")).isEqualTo("ann@example.com");
        assertThat(sessions.getString("data[0].attributes.currentFlowId")).isNull();
    }

    @Test
    void step5_apiFetchStepMapsTheResponseIntoVariables() {
        Fakes.wiremock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/orders/A-17"))
                .withHeader("X-Key", equalTo("k-A-17"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"order\":{\"status\":\"shipped\",\"eta\":\"Friday\"}}")));
        TestBot bot = new TestBot();
        Flow flow = new Flow(Ids.generate("flow"), "Track", List.of("track"), null, null, true, null, List.of(
                new Flow.Step("number", 1, "Order number?", Flow.MessageType.TEXT, Flow.InputType.TEXT, null, null, null,
                        null, "order", null, null, null),
                new Flow.Step("lookup", 2, "Order {{order}} is {{status}}, arriving {{eta}}.", Flow.MessageType.API_FETCH,
                        Flow.InputType.NONE, null, null, null, null, null,
                        new dev.parley.events.bot.ApiFetch(Fakes.BASE + "/orders/{{order}}", "GET",
                                Map.of("X-Key", "k-{{order}}"), null,
                                Map.of("status", "/order/status", "eta", "/order/eta"), null),
                        null, null)));
        bot.flows.add(flow);
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "track my order");
        Channels.say(channel, "u1", "A-17");
        assertThat(decided(conv)).containsExactly("Order number?", "Order A-17 is shipped, arriving Friday.");
    }

    @Test
    void step6_flowTriggerKeywordStartsTheFlowBeforeKeywordRules() {
        TestBot bot = new TestBot();
        bot.flows.add(new Flow(Ids.generate("flow"), "Survey", List.of("survey"), "Survey time.", null, true, null,
                List.of(new Flow.Step("q", 1, "Your answer?", Flow.MessageType.TEXT, Flow.InputType.TEXT, null, null,
                        null, null, "a", null, null, null))));
        bot.rules.add(TestBot.textRule("survey rule", 100, KeywordRule.MatchType.CONTAINS, "rule answer", "survey"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "Start the Survey");
        assertThat(decided(conv)).containsExactly("Survey time.", "Your answer?");
    }

    @Test
    void step7_keywordRulesByPriorityCaseAndAccentInsensitive() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("low", 1, KeywordRule.MatchType.CONTAINS, "low", "preco"));
        bot.rules.add(TestBot.textRule("high", 10, KeywordRule.MatchType.CONTAINS, "high", "preço"));
        bot.rules.add(TestBot.textRule("exact", 5, KeywordRule.MatchType.EXACT, "exact", "olá"));
        bot.rules.add(TestBot.textRule("starts", 5, KeywordRule.MatchType.STARTS_WITH, "starts", "order"));
        bot.rules.add(TestBot.textRule("regex", 5, KeywordRule.MatchType.REGEX, "regex", "^#\\d{4}$"));
        bot.rules.add(new KeywordRule(Ids.generate("kw"), "flowless transfer", List.of("refund"),
                KeywordRule.MatchType.CONTAINS, new KeywordRule.Response(KeywordRule.ResponseType.TRANSFER, "Refunds team.",
                null, null, new TransferConfig("team_refunds", "wants a refund")), 3, true));
        String channel = publishWithWebhook(bot);
        assertThat(decided(Channels.say(channel, "a", "Qual é o PRECO?"))).containsExactly("high");
        assertThat(decided(Channels.say(channel, "b", "OLA"))).containsExactly("exact");
        assertThat(decided(Channels.say(channel, "c", "ola amigo"))).containsExactly(BotEngine.DEFAULT_FALLBACK);
        assertThat(decided(Channels.say(channel, "d", "Order 55 please"))).containsExactly("starts");
        assertThat(decided(Channels.say(channel, "e", "#1234"))).containsExactly("regex");
        String refund = Channels.say(channel, "f", "I want a refund");
        assertThat(decided(refund)).containsExactly("Refunds team.");
        assertThat(Conversations.conversation(refund).getString("data.attributes.status")).isEqualTo("handed_off");
        List<Map<String, Object>> out = Conversations.outbound(refund);
        assertThat(out.get(0).get("intent")).isEqualTo("keyword:flowless transfer");
    }

    @Test
    void step9_fallbackThenHandoffAfterMaxRetries() throws Exception {
        TestBot bot = new TestBot();
        bot.fallback = new BotBehaviors.Fallback(true, "Sorry?", List.of(new Button("menu", "Main menu")), 2);
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "blah");
        Channels.say(channel, "u1", "blah blah");
        assertThat(decided(conv)).containsExactly("Sorry?", "Sorry?");
        Channels.say(channel, "u1", "still blah");
        assertThat(decided(conv)).containsExactly("Sorry?", "Sorry?", BotEngine.DEFAULT_HANDOFF);
        JsonNode handoff = awaitEvent(conv, "handoff.requested");
        assertThat(handoff.path("reason").asText()).isEqualTo("fallback_exceeded");
    }

    @Test
    void aSuccessfulAnswerResetsTheFallbackCount() {
        TestBot bot = new TestBot();
        bot.fallback = new BotBehaviors.Fallback(true, "Sorry?", null, 1);
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "blah");
        Channels.say(channel, "u1", "hours");
        Channels.say(channel, "u1", "blah");
        assertThat(decided(conv)).containsExactly("Sorry?", "9 to 5", "Sorry?");
        assertThat(Conversations.conversation(conv).getString("data.attributes.status")).isEqualTo("open");
    }

    @Test
    void aStaleSnapshotIsIgnored() {
        TestBot bot = new TestBot();
        bot.version = 5;
        bot.rules.add(TestBot.textRule("v5", 1, KeywordRule.MatchType.CONTAINS, "version five", "version"));
        String channel = publishWithWebhook(bot);
        bot.version = 4;
        bot.rules.set(0, TestBot.textRule("v4", 1, KeywordRule.MatchType.CONTAINS, "version four", "version"));
        String staleEvent = Ids.generate("evt");
        dev.parley.conversation.testing.BotConfigs.send(json, bot, null, staleEvent);
        // the consumer saw it (its id is recorded) and kept version 5
        await().atMost(Duration.ofSeconds(15)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ((Number) configs.getEntityManager().createNativeQuery(
                        "select count(*) from processed_event where consumer = 'bot-config' and event_id = ?1")
                        .setParameter(1, staleEvent).getSingleResult()).intValue() == 1));
        assertThat(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> configs
                .storedUnless(bot.id, BotConfigRepository.NONE_HELD).map(BotConfigRepository.Stored::version)))
                .contains(5L);
        assertThat(decided(Channels.say(channel, "u1", "which version?"))).containsExactly("version five");
    }
}
