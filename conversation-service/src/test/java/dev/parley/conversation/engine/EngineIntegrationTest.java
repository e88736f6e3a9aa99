package dev.parley.conversation.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.parley.conversation.channel.Signatures;
import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.Topics;
import dev.parley.events.bot.AiContext;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotConfig;
import dev.parley.events.bot.BotFunction;
import dev.parley.events.bot.BotType;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.Flow;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AI answers, external bots, handoff and resume, redeliveries, ordering and parallelism. */
@QuarkusTest
class EngineIntegrationTest extends EngineTestBase {

    static final String BOT_SECRET = "bsk_" + "x".repeat(40);

    @BeforeEach
    void hooks() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void step8_aiAnswerWithContextsHistoryFunctionCallsAndSources() throws Exception {
        TestBot bot = new TestBot();
        bot.provider = "openai";
        bot.model = "gpt-4o-mini";
        bot.knowledgeBaseId = "kb_docs";
        bot.config = new BotConfig("You are Acme's assistant.", 0.2, 300, null, null, null);
        bot.contexts.add(new AiContext("ctx_1", "Shipping", List.of("shipping"), AiContext.ContextType.STATIC,
                "Shipping is free over $50.", null, 5, true));
        bot.contexts.add(new AiContext("ctx_2", "Returns", List.of("return"), AiContext.ContextType.STATIC,
                "Returns within 30 days.", null, 5, true));
        bot.functions.add(new BotFunction("get_weather", "Weather in a city",
                Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))),
                new BotFunction.Endpoint(Fakes.BASE + "/fn/weather", "POST", null)));
        var wm = Fakes.wiremock();
        String completions = "/v1/chat/completions";
        wm.stubFor(post(urlEqualTo(completions)).atPriority(5)
                .withHeader("X-Parley-Bot-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(bot.id))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"id":"c1","object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls",
                          "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                          "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]}}],
                          "usage":{"prompt_tokens":40,"completion_tokens":5,"total_tokens":45}}""")));
        wm.stubFor(post(urlEqualTo(completions)).atPriority(1)
                .withHeader("X-Parley-Bot-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(bot.id))
                .withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"id":"c2","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
                          "message":{"role":"assistant","content":"Sunny in Rome, and shipping is free over $50."}}],
                          "sources":[{"type":"knowledge_base","documentId":"doc_ship","excerpt":"free over $50","score":0.91}],
                          "usage":{"prompt_tokens":60,"completion_tokens":12,"total_tokens":72}}""")));
        wm.stubFor(post(urlEqualTo("/fn/weather")).withRequestBody(containing("Rome"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"sky\":\"sunny\"}")));
        String channel = publishWithWebhook(bot);

        String conv = Channels.say(channel, "u1", "Hi, I ordered yesterday");
        assertThat(decided(conv)).containsExactly("Sunny in Rome, and shipping is free over $50.");
        Channels.say(channel, "u1", "What about shipping and the weather?");
        assertThat(decided(conv)).hasSize(2);

        List<LoggedRequest> calls = wm.findAll(postRequestedFor(urlEqualTo(completions))
                .withHeader("X-Parley-Conversation-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(conv)));
        assertThat(calls).hasSize(4);
        LoggedRequest secondQuestion = calls.get(2);
        assertThat(secondQuestion.getHeader("Authorization")).startsWith("Bearer ey");
        assertThat(secondQuestion.getHeader("X-Parley-Tenant-Id")).isEqualTo("tnt_acme");
        assertThat(secondQuestion.getHeader("X-Parley-Knowledge-Base-Id")).isEqualTo("kb_docs");
        JsonNode request = json.readTree(secondQuestion.getBodyAsString());
        assertThat(request.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(request.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(request.path("tools").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        JsonNode messages = request.path("messages");
        String system = messages.get(0).path("content").asText();
        assertThat(system).startsWith("You are Acme's assistant.").contains("Shipping is free over $50.")
                .doesNotContain("Returns within 30 days.");
        // recent history: the first question and the bot's answer, then the new question
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Hi, I ordered yesterday");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(messages.size() - 1).path("content").asText()).isEqualTo("What about shipping and the weather?");
        // the function's result went back to the model
        JsonNode withTool = json.readTree(calls.get(3).getBodyAsString()).path("messages");
        assertThat(withTool.get(withTool.size() - 1).path("role").asText()).isEqualTo("tool");
        assertThat(withTool.get(withTool.size() - 1).path("content").asText()).contains("sunny");

        List<Map<String, Object>> out = Conversations.outbound(conv);
        assertThat(out.get(0).get("intent")).isEqualTo("ai");
        assertThat(out.get(0).get("metadata").toString()).contains("doc_ship");
    }

    @Test
    void aRetrievalAnswerIsAsConfidentAsItsBestPassage() {
        TestBot bot = new TestBot();
        bot.provider = "retrieval";
        bot.model = "retrieval";
        bot.knowledgeBaseId = "kb_docs";
        bot.rules.add(TestBot.textRule("hours", 1, dev.parley.events.bot.KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        // the gateway's retrieval answer is its best passage; it names no confidence of its own
        Fakes.wiremock().stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-Parley-Bot-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(bot.id))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"id":"r1","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
                          "message":{"role":"assistant","content":"Standard shipping takes 3 to 5 days."}}],
                          "sources":[{"type":"knowledge_base","documentId":"doc_ship","excerpt":"3 to 5 days","score":0.76},
                                     {"type":"knowledge_base","documentId":"doc_returns","excerpt":"30 days","score":0.41}],
                          "usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}""")));
        publishWithWebhook(bot);

        io.restassured.RestAssured.given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .contentType("application/json")
                .body("{\"botId\":\"" + bot.id + "\",\"message\":\"how long does shipping take?\","
                        + "\"context\":{\"history\":[{\"role\":\"user\",\"content\":\"hi\"}]}}")
                .post("/v1/sessions/dry-run").then().statusCode(200)
                .body("data.response.content", org.hamcrest.Matchers.equalTo("Standard shipping takes 3 to 5 days."))
                .body("data.response.confidence", org.hamcrest.Matchers.equalTo(0.76f))
                .body("data.response.sources.documentId", org.hamcrest.Matchers.contains("doc_ship", "doc_returns"));
        // a keyword rule is the configuration's own answer: certain
        io.restassured.RestAssured.given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .contentType("application/json")
                .body("{\"botId\":\"" + bot.id + "\",\"message\":\"opening hours?\","
                        + "\"context\":{\"history\":[{\"role\":\"user\",\"content\":\"hi\"}]}}")
                .post("/v1/sessions/dry-run").then().statusCode(200)
                .body("data.response.intent", org.hamcrest.Matchers.equalTo("keyword:hours"))
                .body("data.response.confidence", org.hamcrest.Matchers.equalTo(1.0f));
    }

    @Test
    void step8_gatewayFailureFallsBack() {
        TestBot bot = new TestBot();
        bot.provider = "openai";
        bot.model = "gpt-4o-mini";
        Fakes.wiremock().stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-Parley-Bot-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(bot.id))
                .willReturn(aResponse().withStatus(503)));
        String channel = publishWithWebhook(bot);
        assertThat(decided(Channels.say(channel, "u1", "anything"))).containsExactly(BotEngine.DEFAULT_FALLBACK);
    }

    private TestBot externalEchoBot(String path) {
        TestBot bot = new TestBot();
        bot.type = BotType.EXTERNAL;
        bot.url = Fakes.BASE + path;
        Fakes.wiremock().stubFor(post(urlEqualTo(path)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"text\":\"echo {{jsonPath request.body '$.message.text'}}\"}]}")
                .withTransformers("response-template")));
        return bot;
    }

    private String publishExternal(TestBot bot) {
        Channel channel = Channels.webhook(cipher, Fakes.BASE + "/hook/" + bot.id);
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot, cipher.encrypt(BOT_SECRET));
        return channel.id();
    }

    @Test
    void externalBotGetsTheMessageSignedWithItsSecretAndItsReplyIsUsed() throws Exception {
        String path = "/ext/" + Ids.random(8);
        TestBot bot = externalEchoBot(path);
        String channel = publishExternal(bot);
        String conv = Channels.say(channel, "u1", "hello external");
        assertThat(decided(conv)).containsExactly("echo hello external");
        LoggedRequest forwarded = Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(path))).get(0);
        assertThat(forwarded.getHeader("X-Parley-Signature"))
                .isEqualTo(Signatures.sha256Header(BOT_SECRET, forwarded.getBody()));
        JsonNode body = json.readTree(forwarded.getBodyAsString());
        assertThat(body.path("conversationId").asText()).isEqualTo(conv);
        assertThat(body.path("botId").asText()).isEqualTo(bot.id);
    }

    @Test
    void manyMessagesOfOneConversationAreAnsweredInOrder() throws Exception {
        TestBot bot = externalEchoBot("/ext/" + Ids.random(8));
        String channel = publishExternal(bot);
        String conv = null;
        for (int i = 0; i < 30; i++) {
            conv = Channels.say(channel, "u1", "n" + i);
        }
        List<String> expected = IntStream.range(0, 30).mapToObj(i -> "echo n" + i).toList();
        assertThat(Conversations.awaitReplies(conv, 30)).containsExactlyElementsOf(expected);
        // and delivered to the channel in the same order (a send retried after a transport error repeats its
        // messageId, which receivers use to recognise it)
        await().atMost(Duration.ofSeconds(15)).until(() -> Fakes.wiremock()
                .findAll(postRequestedFor(urlEqualTo("/hook/" + bot.id))).size() >= 30);
        java.util.LinkedHashMap<String, String> delivered = new java.util.LinkedHashMap<>();
        for (LoggedRequest r : Fakes.wiremock().findAll(postRequestedFor(urlEqualTo("/hook/" + bot.id)))) {
            JsonNode sent = json.readTree(r.getBodyAsString());
            delivered.putIfAbsent(sent.path("messageId").asText(), sent.path("text").asText());
        }
        assertThat(new ArrayList<>(delivered.values())).containsExactlyElementsOf(expected);
    }

    @Test
    void manyConversationsAtOnceOnTheKeywordPathAreEachAnsweredOnceAndInOrder() throws Exception {
        // decided together (group commit across conversations), yet each conversation in its own order
        TestBot bot = new TestBot();
        List<String> words = List.of("alpha", "bravo", "charlie", "delta", "echo");
        words.forEach(w -> bot.rules.add(TestBot.textRule(w, 1, dev.parley.events.bot.KeywordRule.MatchType.CONTAINS,
                w.toUpperCase(), w)));
        String channel = publishWithWebhook(bot);
        List<String> expected = words.stream().map(String::toUpperCase).toList();
        int customers = 24;
        Map<String, String> conversations = new java.util.concurrent.ConcurrentHashMap<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int c = 0; c < customers; c++) {
                String customer = "many-" + c;
                sent.add(pool.submit(() -> words.forEach(w ->
                        conversations.put(customer, Channels.say(channel, customer, "say " + w)))));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
        assertThat(conversations).hasSize(customers);
        for (String conv : conversations.values()) {
            assertThat(decided(conv)).containsExactlyElementsOf(expected);
        }
        // delivered to the channel once each, in each conversation's order
        await().atMost(Duration.ofSeconds(15)).until(() -> Fakes.wiremock()
                .findAll(postRequestedFor(urlEqualTo("/hook/" + bot.id))).size() >= customers * words.size());
        Map<String, List<String>> delivered = new java.util.HashMap<>();
        for (LoggedRequest r : Fakes.wiremock().findAll(postRequestedFor(urlEqualTo("/hook/" + bot.id)))) {
            JsonNode reply = json.readTree(r.getBodyAsString());
            delivered.computeIfAbsent(reply.path("conversationId").asText(), k -> new ArrayList<>())
                    .add(reply.path("text").asText());
        }
        for (String conv : conversations.values()) {
            assertThat(delivered.get(conv)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void differentConversationsDoNotWaitForEachOther() {
        String path = "/ext/" + Ids.random(8);
        TestBot bot = externalEchoBot(path);
        // the customer "slow" gets an answer only after 12 s
        Fakes.wiremock().stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(containing("\"id\":\"ct_"))
                .withRequestBody(matching(".*slow.*")).willReturn(aResponse().withFixedDelay(12_000)
                        .withHeader("Content-Type", "application/json").withBody("{\"text\":\"finally\"}")));
        String channel = publishExternal(bot);
        String slow = Channels.say(channel, "u-slow", "slow question");
        String fast = Channels.say(channel, "u-fast", "quick question");
        assertThat(Conversations.awaitReplies(fast, 1)).containsExactly("echo quick question");
        assertThat(Conversations.replies(slow)).isEmpty();
        assertThat(Conversations.awaitReplies(slow, 1)).containsExactly("finally");
    }

    @Test
    void theSameInboundMessageTwiceIsAnsweredOnce() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, dev.parley.events.bot.KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String body = "{\"messageId\":\"wamid.same\",\"from\":{\"id\":\"dup\"},\"text\":\"hours\"}";
        String conv = Channels.post(channel, body, Channels.WEBHOOK_SECRET).statusCode(202)
                .extract().path("data.conversationId");
        Channels.post(channel, body, Channels.WEBHOOK_SECRET).statusCode(202)
                .body("data.duplicate", org.hamcrest.Matchers.equalTo(true));
        assertThat(decided(conv)).containsExactly("9 to 5");
        assertThat(Conversations.messages(conv).getList("data")).hasSize(2);
    }

    @Test
    void resumedBotStartsFromACleanSessionAndARedeliveredResumeHasNoEffect() {
        TestBot bot = new TestBot();
        bot.handoff = new BotBehaviors.Handoff(true, List.of("agent"), null);
        bot.flows.add(new Flow(Ids.generate("flow"), "Name", List.of("name"), null, null, true, null, List.of(
                new Flow.Step("n", 1, "Your name?", Flow.MessageType.TEXT, Flow.InputType.TEXT, null, null, null, null,
                        "name", null, null, null),
                new Flow.Step("c", 2, "Your city, {{name}}?", Flow.MessageType.TEXT, Flow.InputType.TEXT, null, null,
                        null, null, "city", null, null, null))));
        bot.rules.add(TestBot.textRule("hours", 1, dev.parley.events.bot.KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "name");
        Channels.say(channel, "u1", "Ann");
        Channels.say(channel, "u1", "agent");
        assertThat(decided(conv)).containsExactly("Your name?", "Your city, Ann?", BotEngine.DEFAULT_HANDOFF);

        String resumeEvent = Ids.generate("evt");
        String payload = "{\"conversationId\":\"" + conv + "\",\"tenantId\":\"tnt_acme\",\"transferId\":\"tr_1\",\"agentId\":\"agt_1\"}";
        KafkaProbe.send(Topics.ROUTING, conv, payload, BotConfigs.headers(resumeEvent, "transfer.resumed", "tnt_acme"));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                "open".equals(Conversations.conversation(conv).getString("data.attributes.status")));
        Channels.say(channel, "u1", "hours");
        assertThat(decided(conv)).last().isEqualTo("9 to 5");
        JsonNode session = sessionOf(conv);
        assertThat(session.path("variables").size()).isZero();
        assertThat(session.path("currentFlowId").isNull()).isTrue();

        // handed off again; the old resume event arrives a second time, then an assignment
        Channels.say(channel, "u1", "agent");
        decided(conv);
        KafkaProbe.send(Topics.ROUTING, conv, payload, BotConfigs.headers(resumeEvent, "transfer.resumed", "tnt_acme"));
        KafkaProbe.send(Topics.ROUTING, conv, payload.replace("agt_1", "agt_2"),
                BotConfigs.headers(Ids.generate("evt"), "transfer.assigned", "tnt_acme"));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                "agt_2".equals(Conversations.conversation(conv).getString("data.attributes.agentId")));
        assertThat(Conversations.conversation(conv).getString("data.attributes.status")).isEqualTo("handed_off");
    }

    @Test
    void aTransferMadeThroughRoutingsApiStopsTheBotAsAHandoffDoes() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, dev.parley.events.bot.KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u-api", "hours");
        assertThat(decided(conv)).containsExactly("9 to 5");

        // routing's transfer.created for a transfer by POST /v1/transfers (source api)
        String payload = "{\"conversationId\":\"" + conv + "\",\"tenantId\":\"tnt_acme\",\"transferId\":\"tr_api\","
                + "\"status\":\"waiting\",\"source\":\"api\",\"reason\":\"manual\"}";
        KafkaProbe.send(Topics.ROUTING, conv, payload, BotConfigs.headers(Ids.generate("evt"), "transfer.created", "tnt_acme"));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                "handed_off".equals(Conversations.conversation(conv).getString("data.attributes.status")));
        Channels.say(channel, "u-api", "hours");
        assertThat(decided(conv)).containsExactly("9 to 5");
        assertThat(Conversations.conversation(conv).getBoolean("data.attributes.handedOff")).isTrue();
    }

    private JsonNode sessionOf(String conversationId) {
        String body = io.restassured.RestAssured.given()
                .header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .when().get("/v1/sessions?perPage=100").then().statusCode(200).extract().asString();
        try {
            for (JsonNode s : json.readTree(body).path("data")) {
                if (conversationId.equals(s.path("attributes").path("conversationId").asText())) {
                    return s.path("attributes");
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no session for " + conversationId);
    }
}
