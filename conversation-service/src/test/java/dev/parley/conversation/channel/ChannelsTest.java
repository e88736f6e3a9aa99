package dev.parley.conversation.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** WhatsApp Cloud API, Telegram and webchat: inbound checks and parsing, outbound payloads against fakes. */
@QuarkusTest
class ChannelsTest extends EngineTestBase {

    static final String APP_SECRET = "meta-app-secret";

    private TestBot menuBot() {
        TestBot bot = new TestBot();
        bot.greeting = new BotBehaviors.Greeting(true, "Hi! Pick one:",
                List.of(new Button("orders", "My orders"), new Button("agent", "Speak to agent")));
        bot.rules.add(new KeywordRule(Ids.generate("kw"), "menu", List.of("menu"), KeywordRule.MatchType.CONTAINS,
                new KeywordRule.Response(KeywordRule.ResponseType.BUTTONS, "Full menu:", List.of(new Button("a", "A"),
                        new Button("b", "B"), new Button("c", "C"), new Button("d", "D")), null, null), 1, true));
        bot.rules.add(TestBot.textRule("orders", 1, KeywordRule.MatchType.EXACT, "Your orders are on their way.", "My orders"));
        return bot;
    }

    private Channel whatsapp(String phoneNumberId) {
        return new Channel(Ids.generate("ch"), Channel.Type.WHATSAPP, "wa", Channel.Status.CONNECTED,
                Map.of(), cipher.encrypt(
                        "{\"accessToken\":\"EAAtoken\",\"appSecret\":\"" + APP_SECRET + "\",\"verifyToken\":\"verify-me\"}"),
                null, null, new Channel.WhatsApp(phoneNumberId));
    }

    private static String waText(String from, String wamid, String text) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                  "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001","phone_number_id":"PN"},
                  "contacts":[{"profile":{"name":"Maria"},"wa_id":"%s"}],
                  "messages":[{"from":"%s","id":"%s","timestamp":"1700000000","type":"text","text":{"body":"%s"}}]}}]}]}"""
                .formatted(from, from, wamid, text);
    }

    private static String waButton(String from, String wamid, String id, String title) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                  "messaging_product":"whatsapp","messages":[{"from":"%s","id":"%s","timestamp":"1700000001",
                  "type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"%s","title":"%s"}}}]}}]}]}"""
                .formatted(from, wamid, id, title);
    }

    private static io.restassured.response.ValidatableResponse postWhatsApp(String channelId, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").header("X-Hub-Signature-256", Signatures.sha256Header(secret, bytes))
                .body(bytes).when().post("/v1/inbound/whatsapp/" + channelId).then();
    }

    @Test
    void aWebhookBodyArrivingInSlowPiecesIsReadWholeAndOneOverTheLimitIsAProblem() throws Exception {
        TestBot bot = menuBot();
        Channel channel = Channels.webhook(cipher, Fakes.BASE + "/hook/" + bot.id);
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        URI inbound = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                + "/v1/inbound/" + channel.id());
        // HTTP/1.1: the body is read on the event loop before the endpoint runs; HTTP/2 (h2c): RESTEasy reads it
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
            HttpClient client = HttpClient.newBuilder().version(version).build();
            String text = "menu, sent in pieces over " + version;
            byte[] body = ("{\"messageId\":\"" + Ids.generate("m") + "\",\"from\":{\"id\":\"slow-" + Ids.random(6)
                    + "\",\"name\":\"Ann\"},\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);

            // no Content-Length: the body is chunked, five pieces 100 ms apart
            HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(inbound)
                    .header("Content-Type", "application/json")
                    .header("X-Parley-Signature", Signatures.sha256Header(Channels.WEBHOOK_SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SlowStream(body, 5, 100))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(version + ": " + accepted.body()).isEqualTo(202);
            String conversation = json.readTree(accepted.body()).path("data").path("conversationId").asText();
            assertThat(Conversations.messages(conversation).getList(
                    "data.findAll { it.attributes.direction == 'inbound' }.attributes.text", String.class))
                    .as(version.toString()).containsExactly(text);

            byte[] huge = new byte[2 * 1024 * 1024];
            java.util.Arrays.fill(huge, (byte) 'x');
            List<HttpRequest.BodyPublisher> oversize = new java.util.ArrayList<>();
            oversize.add(HttpRequest.BodyPublishers.ofByteArray(huge));
            if (version == HttpClient.Version.HTTP_1_1) {
                // chunked, refused once read past the limit (HTTP/2 leaves that to RESTEasy: BodiesReadAhead)
                oversize.add(HttpRequest.BodyPublishers.ofInputStream(() -> new SlowStream(huge, 16, 0)));
            }
            for (HttpRequest.BodyPublisher publisher : oversize) {
                HttpResponse<String> refused = client.send(HttpRequest.newBuilder(inbound)
                        .header("Content-Type", "application/json").header("X-Parley-Signature", "sha256=00")
                        .POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(version + ": " + refused.body()).isEqualTo(413);
                assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            }
        }
    }

    /** {@code bytes} in {@code pieces} reads, {@code pauseMillis} apart. */
    private static final class SlowStream extends java.io.InputStream {
        private final byte[] bytes;
        private final int piece;
        private final long pauseMillis;
        private int at;

        SlowStream(byte[] bytes, int pieces, long pauseMillis) {
            this.bytes = bytes;
            this.piece = Math.max(1, (bytes.length + pieces - 1) / pieces);
            this.pauseMillis = pauseMillis;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (at >= bytes.length) {
                return -1;
            }
            if (at > 0 && pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = Math.min(Math.min(piece, length), bytes.length - at);
            System.arraycopy(bytes, at, into, offset, n);
            at += n;
            return n;
        }
    }

    @Test
    void whatsappVerificationHandshake() {
        TestBot bot = menuBot();
        Channel channel = whatsapp("PN" + Ids.random(6));
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "verify-me")
                .queryParam("hub.challenge", "1158201444")
                .when().get("/v1/inbound/whatsapp/" + channel.id())
                .then().statusCode(200).body(equalToIgnoringCase("1158201444"));
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "wrong")
                .queryParam("hub.challenge", "1158201444")
                .when().get("/v1/inbound/whatsapp/" + channel.id())
                .then().statusCode(403).contentType("application/problem+json");
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "verify-me")
                .queryParam("hub.challenge", "1")
                .when().get("/v1/inbound/whatsapp/ch_unknown").then().statusCode(404);
    }

    @Test
    void whatsappRefusesABadSignatureAndAnswersAValidMessageThroughTheGraphApi() throws Exception {
        String phone = "PN" + Ids.random(6);
        Fakes.wiremock().stubFor(post(urlEqualTo("/graph/" + phone + "/messages"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"messages\":[{\"id\":\"wamid.out\"}]}")));
        TestBot bot = menuBot();
        Channel channel = whatsapp(phone);
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        String from = "3933" + Ids.random(6).replaceAll("[^0-9]", "7");

        postWhatsApp(channel.id(), waText(from, "wamid.bad", "hello"), "not-the-app-secret")
                .statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body(waText(from, "wamid.none", "hello"))
                .when().post("/v1/inbound/whatsapp/" + channel.id()).then().statusCode(401);

        postWhatsApp(channel.id(), waText(from, "wamid.1", "hello"), APP_SECRET).statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> graphCalls(phone).size() >= 1);
        JsonNode greeting = json.readTree(graphCalls(phone).get(0).getBodyAsString());
        assertThat(graphCalls(phone).get(0).getHeader("Authorization")).isEqualTo("Bearer EAAtoken");
        assertThat(greeting.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(greeting.path("to").asText()).isEqualTo(from);
        assertThat(greeting.path("type").asText()).isEqualTo("interactive");
        assertThat(greeting.path("interactive").path("type").asText()).isEqualTo("button");
        assertThat(greeting.path("interactive").path("body").path("text").asText()).isEqualTo("Hi! Pick one:");
        JsonNode buttons = greeting.path("interactive").path("action").path("buttons");
        assertThat(buttons.get(0).path("reply").path("id").asText()).isEqualTo("orders");
        assertThat(buttons.get(1).path("reply").path("title").asText()).isEqualTo("Speak to agent");

        // a button reply is parsed and answered; four buttons become a list
        postWhatsApp(channel.id(), waButton(from, "wamid.2", "orders", "My orders"), APP_SECRET).statusCode(200);
        postWhatsApp(channel.id(), waText(from, "wamid.3", "menu"), APP_SECRET).statusCode(200);
        // a redelivered webhook changes nothing
        postWhatsApp(channel.id(), waText(from, "wamid.3", "menu"), APP_SECRET).statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> graphCalls(phone).size() >= 3);
        JsonNode orders = json.readTree(graphCalls(phone).get(1).getBodyAsString());
        assertThat(orders.path("type").asText()).isEqualTo("text");
        assertThat(orders.path("text").path("body").asText()).isEqualTo("Your orders are on their way.");
        JsonNode list = json.readTree(graphCalls(phone).get(2).getBodyAsString());
        assertThat(list.path("interactive").path("type").asText()).isEqualTo("list");
        assertThat(list.path("interactive").path("action").path("sections").get(0).path("rows")).hasSize(4);
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(graphCalls(phone)).hasSize(3);

        // delivery status on the message
        String conv = given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .queryParam("channelId", channel.id()).when().get("/v1/conversations")
                .then().statusCode(200).extract().path("data[0].id");
        assertThat(Conversations.outbound(conv)).allSatisfy(m -> assertThat(m.get("deliveryStatus")).isEqualTo("sent"));

        // a picture is kept (not dropped), saying what it is, with the platform's media id for whoever fetches it
        postWhatsApp(channel.id(), """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                  "messaging_product":"whatsapp","messages":[{"from":"%s","id":"wamid.4","timestamp":"1700000002",
                  "type":"image","image":{"id":"1479537139650973","mime_type":"image/jpeg","caption":"Broken box"}}]}}]}]}"""
                .formatted(from), APP_SECRET).statusCode(200).body("data.received", is(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> Conversations.messages(conv)
                .getList("data.attributes.text").contains("[image] Broken box"));
        JsonPath messages = Conversations.messages(conv);
        assertThat(messages.getString("data.find { it.attributes.channelMessageId == 'wamid.4' }.attributes.metadata.attachment.mediaId"))
                .isEqualTo("1479537139650973");
        assertThat(messages.getString("data.find { it.attributes.channelMessageId == 'wamid.4' }.attributes.metadata.attachment.type"))
                .isEqualTo("image");
    }

    @Test
    void aFailingChannelIsRetriedThenMarkedFailed() {
        String phone = "PN" + Ids.random(6);
        Fakes.wiremock().stubFor(post(urlEqualTo("/graph/" + phone + "/messages"))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"down\"}}")));
        TestBot bot = menuBot();
        Channel channel = whatsapp(phone);
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        postWhatsApp(channel.id(), waText("39111", "wamid.f1", "hello"), APP_SECRET).statusCode(200);
        String conv = given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .queryParam("channelId", channel.id()).when().get("/v1/conversations")
                .then().statusCode(200).extract().path("data[0].id");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "failed".equals(Conversations.outbound(conv).get(0).get("deliveryStatus")));
        Map<String, Object> failed = Conversations.outbound(conv).get(0);
        assertThat(failed.get("deliveryAttempts")).isEqualTo(3);
        assertThat(failed.get("deliveryError").toString()).contains("500");
        assertThat(graphCalls(phone)).hasSize(3);
    }

    @Test
    void whatsappStatusCallbacksMoveTheDeliveryStatusForward() {
        String phone = "PN" + Ids.random(6);
        Fakes.wiremock().stubFor(post(urlEqualTo("/graph/" + phone + "/messages"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"messages\":[{\"id\":\"wamid.{{randomValue length=12 type='ALPHANUMERIC'}}\"}]}")
                        .withTransformers("response-template")));
        TestBot bot = menuBot();
        Channel channel = whatsapp(phone);
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        postWhatsApp(channel.id(), waText("3955501", "wamid.s1", "hello"), APP_SECRET).statusCode(200);
        String conv = given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .queryParam("channelId", channel.id()).when().get("/v1/conversations")
                .then().statusCode(200).extract().path("data[0].id");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                "sent".equals(Conversations.outbound(conv).get(0).get("deliveryStatus")));
        String wamid = (String) Conversations.outbound(conv).get(0).get("channelMessageId");
        assertThat(wamid).startsWith("wamid.");
        String status = """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                  "messaging_product":"whatsapp","statuses":[{"id":"%s","status":"%s","timestamp":"1700000002",
                  "recipient_id":"3955501"}]}}]}]}""";
        postWhatsApp(channel.id(), status.formatted(wamid, "delivered"), APP_SECRET).statusCode(200);
        assertThat(Conversations.outbound(conv).get(0).get("deliveryStatus")).isEqualTo("delivered");
        postWhatsApp(channel.id(), status.formatted(wamid, "read"), APP_SECRET).statusCode(200);
        // a late "delivered" does not move it back
        postWhatsApp(channel.id(), status.formatted(wamid, "delivered"), APP_SECRET).statusCode(200);
        assertThat(Conversations.outbound(conv).get(0).get("deliveryStatus")).isEqualTo("read");
        postWhatsApp(channel.id(), status.formatted(wamid, "read"), "forged").statusCode(401);
    }

    @Test
    void whatsappAndTelegramRefuseTooLongIdsAndTextThatIsNotAStringAndStoreNothingOfTheDelivery() {
        TestBot bot = menuBot();
        Channel wa = whatsapp("PN" + Ids.random(6));
        Channel tg = new Channel(Ids.generate("ch"), Channel.Type.TELEGRAM, "tg", Channel.Status.CONNECTED, Map.of(),
                cipher.encrypt("{\"botToken\":\"1:x\",\"webhookSecret\":\"tg-secret\"}"));
        bot.channels.add(wa);
        bot.channels.add(tg);
        BotConfigs.publish(json, configs, bot);
        String long9000 = Channels.randomId(9000);
        String at = "entry[0].changes[0].value.messages[0].";
        postWhatsApp(wa.id(), waText("3911", "wamid." + long9000, "hello"), APP_SECRET).statusCode(400)
                .contentType("application/problem+json").body("code", is("VALIDATION_ERROR"))
                .body("errors[0].field", is(at + "id"))
                .body("errors[0].message", is("must be at most 256 characters"));
        postWhatsApp(wa.id(), waText(long9000, "wamid.long-from", "hello"), APP_SECRET).statusCode(400)
                .body("errors[0].field", is(at + "from"));
        postWhatsApp(wa.id(), waText("3911", "wamid.array", "hello").replace("\"body\":\"hello\"", "\"body\":[\"hello\"]"),
                APP_SECRET).statusCode(400).body("errors[0].field", is(at + "text.body"))
                .body("errors[0].message", is("must be a string"));
        // one bad message refuses the delivery: its good message is not stored either (the platform delivers again)
        String two = waText("3911", "wamid.good", "hello").replace("\"messages\":[",
                "\"messages\":[{\"from\":\"3911\",\"id\":\"" + long9000 + "\",\"type\":\"text\",\"text\":{\"body\":\"x\"}},");
        postWhatsApp(wa.id(), two, APP_SECRET).statusCode(400).body("errors", hasSize(1))
                .body("errors[0].field", is(at + "id"));

        String update = """
                {"update_id":%s,"message":{"message_id":5,"from":{"id":777,"first_name":"Ivan"},
                 "chat":{"id":%s,"type":"private"},"date":1700000000,"text":%s}}""";
        postTelegram(tg.id(), update.formatted("\"" + long9000 + "\"", "777", "\"hi\"")).statusCode(400)
                .body("code", is("VALIDATION_ERROR")).body("errors[0].field", is("update_id"));
        postTelegram(tg.id(), update.formatted("1", "\"" + long9000 + "\"", "\"hi\"")).statusCode(400)
                .body("errors[0].field", is("message.chat.id"));
        postTelegram(tg.id(), update.formatted("2", "777", "{\"a\":1}")).statusCode(400)
                .body("errors[0].field", is("message.text")).body("errors[0].message", is("must be a string"));
        // without update_id every message would be taken for a redelivery of the first
        postTelegram(tg.id(), update.formatted("null", "777", "\"hi\"")).statusCode(400)
                .body("errors[0].field", is("update_id")).body("errors[0].message", is("is required"));
        postTelegram(tg.id(), """
                {"update_id":3,"callback_query":{"id":"q","from":{"id":777},"message":{"chat":{"id":777}},
                 "data":"%s"}}""".formatted(long9000)).statusCode(400).body("errors[0].field", is("callback_query.data"));

        for (Channel channel : List.of(wa, tg)) {
            given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                    .queryParam("channelId", channel.id()).when().get("/v1/conversations")
                    .then().statusCode(200).body("meta.pagination.totalCount", is(0));
        }
        postWhatsApp(wa.id(), waText("3911", "wamid.fine", "hello"), APP_SECRET).statusCode(200)
                .body("data.received", is(1));
        postTelegram(tg.id(), update.formatted("4", "777", "\"hi\"")).statusCode(200).body("data.received", is(1));
    }

    private static io.restassured.response.ValidatableResponse postTelegram(String channelId, String update) {
        return given().contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", "tg-secret").body(update)
                .when().post("/v1/inbound/telegram/" + channelId).then();
    }

    private List<LoggedRequest> graphCalls(String phone) {
        return Fakes.wiremock().findAll(postRequestedFor(urlEqualTo("/graph/" + phone + "/messages")));
    }

    @Test
    void telegramChecksTheSecretTokenAndAnswersWithAnInlineKeyboard() throws Exception {
        String token = "123:" + Ids.random(10);
        Fakes.wiremock().stubFor(post(urlEqualTo("/telegram/bot" + token + "/sendMessage"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
        TestBot bot = menuBot();
        Channel channel = new Channel(Ids.generate("ch"), Channel.Type.TELEGRAM, "tg", Channel.Status.CONNECTED, Map.of(),
                cipher.encrypt("{\"botToken\":\"" + token + "\",\"webhookSecret\":\"tg-secret\"}"));
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        String update = """
                {"update_id":1001,"message":{"message_id":5,"from":{"id":777,"first_name":"Ivan"},
                 "chat":{"id":777,"type":"private"},"date":1700000000,"text":"hello"}}""";
        given().contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", "wrong").body(update)
                .when().post("/v1/inbound/telegram/" + channel.id()).then().statusCode(401);
        given().contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", "tg-secret").body(update)
                .when().post("/v1/inbound/telegram/" + channel.id()).then().statusCode(200);
        String sendMessage = "/telegram/bot" + token + "/sendMessage";
        await().atMost(Duration.ofSeconds(15)).until(() ->
                !Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(sendMessage))).isEmpty());
        JsonNode sent = json.readTree(Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(sendMessage))).get(0).getBodyAsString());
        assertThat(sent.path("chat_id").asText()).isEqualTo("777");
        assertThat(sent.path("text").asText()).isEqualTo("Hi! Pick one:");
        assertThat(sent.path("reply_markup").path("inline_keyboard").get(1).get(0).path("callback_data").asText())
                .isEqualTo("agent");

        // the pressed button arrives as callback data (its id) and reads as its title
        String press = """
                {"update_id":1002,"callback_query":{"id":"q1","from":{"id":777,"first_name":"Ivan"},
                 "message":{"message_id":6,"chat":{"id":777,"type":"private"}},"data":"orders"}}""";
        given().contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", "tg-secret").body(press)
                .when().post("/v1/inbound/telegram/" + channel.id()).then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(sendMessage))).size() >= 2);
        JsonNode answer = json.readTree(Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(sendMessage))).get(1).getBodyAsString());
        assertThat(answer.path("text").asText()).isEqualTo("Your orders are on their way.");
        // and so it reads in the transcript (the API, the agent desk): what the customer pressed, its id in the metadata
        String conversation = given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .queryParam("channelId", channel.id()).when().get("/v1/conversations").then().statusCode(200)
                .body("data", hasSize(1)).extract().path("data[0].id");
        assertInbound(conversation, "hello", "My orders");
        assertThat(Conversations.messages(conversation).getString(
                "data.find { it.attributes.text == 'My orders' }.attributes.metadata.buttonId")).isEqualTo("orders");

        // a button of that message pressed after the conversation closed: the new conversation's history has no
        // buttons, but the keyboard Telegram sends with the press says what the customer pressed
        given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .when().post("/v1/conversations/" + conversation + "/close").then().statusCode(200);
        String later = """
                {"update_id":1003,"callback_query":{"id":"q2","from":{"id":777,"first_name":"Ivan"},"data":"agent",
                 "message":{"message_id":6,"chat":{"id":777,"type":"private"},"text":"Hi! Pick one:",
                 "reply_markup":{"inline_keyboard":[[{"text":"My orders","callback_data":"orders"}],
                   [{"text":"Speak to agent","callback_data":"agent"}]]}}}}""";
        postTelegram(channel.id(), later).statusCode(200);
        String next = given().header("Authorization", dev.parley.platform.testing.Keycloak.bearer("alice"))
                .queryParam("channelId", channel.id()).queryParam("status", "open").when().get("/v1/conversations")
                .then().statusCode(200).body("data", hasSize(1)).extract().path("data[0].id");
        assertThat(next).isNotEqualTo(conversation);
        decided(next);
        assertInbound(next, "Speak to agent");
        assertThat(Conversations.messages(next).getString(
                "data.find { it.attributes.direction == 'inbound' }.attributes.metadata.buttonId")).isEqualTo("agent");
    }

    @Test
    void aButtonPressedByIdAloneOnTheWebhookReadsAsItsTitleInTheTranscript() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
        TestBot bot = menuBot();
        String channel = publishWithWebhook(bot);
        String customer = "presser-" + Ids.random(8);
        String conversation = Channels.say(channel, customer, "hi");
        assertThat(decided(conversation)).containsExactly("Hi! Pick one:");
        // the customer presses "My orders"; the sender reports its id alone
        Channels.post(channel, "{\"messageId\":\"" + Ids.generate("m") + "\",\"from\":{\"id\":\"" + customer
                + "\"},\"buttonId\":\"orders\"}", Channels.WEBHOOK_SECRET).statusCode(202)
                .body("data.conversationId", is(conversation));
        assertThat(decided(conversation)).containsExactly("Hi! Pick one:", "Your orders are on their way.");
        assertInbound(conversation, "hi", "My orders");
        JsonPath messages = Conversations.messages(conversation);
        assertThat(messages.getString("data.find { it.attributes.text == 'My orders' }.attributes.metadata.buttonId"))
                .isEqualTo("orders");
        // the id alone is nowhere in the transcript
        assertThat(messages.getList("data.attributes.text", String.class)).doesNotContain("orders");
    }

    /** The conversation's inbound messages' texts, oldest first, as the API lists them. */
    private static void assertInbound(String conversationId, String... texts) {
        assertThat(Conversations.messages(conversationId).getList(
                "data.findAll { it.attributes.direction == 'inbound' }.attributes.text", String.class))
                .containsExactly(texts);
    }

    @Test
    void webchatVisitorGetsRepliesOverServerSentEvents() throws Exception {
        TestBot bot = menuBot();
        Channel channel = new Channel(Ids.generate("ch"), Channel.Type.WEBCHAT, "site", Channel.Status.CONNECTED,
                Map.of(), null);
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        var opened = given().contentType("application/json")
                .body("{\"channelId\":\"" + channel.id() + "\",\"name\":\"Visitor\"}")
                .when().post("/v1/webchat/sessions").then().statusCode(201).extract().jsonPath();
        String session = opened.getString("data.id");
        String token = opened.getString("data.attributes.token");
        assertThat(token).startsWith("wct_");

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> stream = client.send(HttpRequest.newBuilder(URI.create(
                        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                + "/v1/webchat/sessions/" + session + "/events?token=" + token))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstEvent = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        return line.substring(5).trim();
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // the stream is subscribed once the response has started; give the hub a moment to register it
        Thread.sleep(300);

        given().contentType("application/json").header("X-Webchat-Token", "wct_wrong").body("{\"text\":\"hi\"}")
                .when().post("/v1/webchat/sessions/" + session + "/messages").then().statusCode(404);
        given().contentType("application/json").header("X-Webchat-Token", token).body("{\"text\":\"hi\"}")
                .when().post("/v1/webchat/sessions/" + session + "/messages").then().statusCode(202);
        JsonNode event = json.readTree(firstEvent.get(15, TimeUnit.SECONDS));
        assertThat(event.path("text").asText()).isEqualTo("Hi! Pick one:");
        assertThat(event.path("buttons").get(0).path("title").asText()).isEqualTo("My orders");
        stream.body().close();

        given().header("X-Webchat-Token", token).when().get("/v1/webchat/sessions/" + session + "/messages")
                .then().statusCode(200)
                .body("data.text", org.hamcrest.Matchers.hasItems("hi", "Hi! Pick one:"));
    }
}
