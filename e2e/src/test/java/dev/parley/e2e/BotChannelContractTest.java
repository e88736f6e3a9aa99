package dev.parley.e2e;

import static dev.parley.e2e.CustomerJourneyTest.PATIENCE;
import static dev.parley.e2e.CustomerJourneyTest.as;
import static dev.parley.e2e.CustomerJourneyTest.created;
import static dev.parley.e2e.ServiceProcesses.BOT;
import static dev.parley.e2e.ServiceProcesses.CONVERSATION;
import static dev.parley.e2e.ServiceProcesses.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.parley.platform.testing.Keycloak;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, items 1, 2, 7 and 8, between the packaged bot-service and conversation-service: a generic webhook channel
 * set up as bot-service documents it ({@code settings.outboundUrl}) delivers the bot's reply to the tenant's receiver,
 * right after the channel was created and the bot activated (no waiting for Kafka); the bot test is the engine's dry
 * run, with a retrieval answer as confident as its best passage; a deactivation hands the conversation to the bot it
 * names and says how many it hands over.
 */
@ExtendWith(ServiceProcesses.class)
class BotChannelContractTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The tenant's own system behind a webhook channel: records every reply POSTed to it. */
    static final class Receiver implements AutoCloseable {

        record Received(String signature, String idempotencyKey, byte[] body) {
        }

        final List<Received> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/replies", exchange -> {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
                        exchange.getRequestHeaders().getFirst("Idempotency-Key"), exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/replies";
        }

        List<String> texts() {
            return received.stream().map(r -> {
                try {
                    return JSON.readTree(r.body()).path("text").asText();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** A customer's message on the webhook channel, signed with the channel's secret as the tenant's system would. */
    static void say(String channel, String secret, String from, String text) throws Exception {
        byte[] body = """
                {"messageId": "%s", "from": {"id": "%s", "name": "Nina"}, "text": "%s"}"""
                .formatted("m" + System.nanoTime(), from, text).getBytes(StandardCharsets.UTF_8);
        given().baseUri(url(CONVERSATION)).contentType("application/json").header("X-Parley-Signature", hmac(secret, body))
                .body(body).post("/v1/inbound/" + channel).then().log().ifValidationFails().statusCode(202);
    }

    @Test
    void aWebhookChannelSetUpAsDocumentedDeliversRepliesFromTheFirstMessage() throws Exception {
        String alice = Keycloak.token("alice");
        String run = Long.toString(System.nanoTime(), 36);
        String kb = created(as(alice, BOT).body("{\"name\": \"Contract FAQ " + run + "\"}").post("/v1/knowledge-bases").then());
        as(alice, BOT).body("""
                {"title": "Shipping", "contentType": "text", "content": "Standard shipping takes 3 to 5 business days; express shipping arrives the next day."}""")
                .post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(201);
        String bot = created(as(alice, BOT).body("""
                {"name": "Contract bot %s", "provider": "retrieval", "model": "retrieval", "knowledgeBaseId": "%s"}"""
                .formatted(run, kb)).post("/v1/bots").then());
        as(alice, BOT).body("""
                {"name": "Hours", "keywords": ["hours"], "matchType": "contains", "response": {"text": "We are open 9 to 5."}}""")
                .post("/v1/bots/" + bot + "/keyword-rules").then().statusCode(201);
        String job = as(alice, BOT).body("{}").post("/v1/bots/" + bot + "/train").then().statusCode(202)
                .extract().path("data.id");
        await().atMost(PATIENCE).until(() -> "completed".equals(as(alice, BOT)
                .get("/v1/bots/" + bot + "/training-jobs/" + job).then().extract().path("data.attributes.status")));

        try (Receiver receiver = new Receiver()) {
            // The channel as bot-service documents it; its secret is generated and shown once.
            JsonNode channel = JSON.readTree(as(alice, BOT).body("""
                    {"type": "webhook", "name": "Partner app %s", "settings": {"outboundUrl": "%s"}, "botId": "%s"}"""
                    .formatted(run, receiver.url(), bot)).post("/v1/channels").then().statusCode(201).extract().asString())
                    .path("data");
            String channelId = channel.path("id").asText();
            String secret = channel.path("attributes").path("generatedCredentials").path("secret").asText();
            assertThat(secret).isNotBlank();
            as(alice, BOT).post("/v1/bots/" + bot + "/activate").then().statusCode(200);

            // Told 200, the tenant's system sends at once: accepted (not CHANNEL_NOT_FOUND), answered by the active
            // bot (no offline text), and the reply reaches the receiver, signed, with its idempotency key.
            say(channelId, secret, "nina", "what are your hours?");
            await().atMost(PATIENCE).until(() -> !receiver.received.isEmpty());
            assertThat(receiver.texts()).containsExactly("We are open 9 to 5.");
            Receiver.Received reply = receiver.received.get(0);
            assertThat(reply.signature()).isEqualTo(hmac(secret, reply.body()));
            assertThat(reply.idempotencyKey()).startsWith("msg_");
            String conversation = JSON.readTree(reply.body()).path("conversationId").asText();
            as(alice, CONVERSATION).get("/v1/conversations/" + conversation + "/messages").then().statusCode(200)
                    .body("data.attributes.deliveryStatus", org.hamcrest.Matchers.hasItem("sent"));

            // The bot test across services: the engine's dry run, nothing stored.
            as(alice, BOT).body("{\"message\": \"hours?\", \"context\": {\"history\": [{\"role\": \"user\", \"content\": \"hi\"}]}}")
                    .post("/v1/bots/" + bot + "/test").then().statusCode(200)
                    .body("data.response.content", equalTo("We are open 9 to 5."))
                    .body("data.response.intent", equalTo("keyword:Hours"))
                    .body("data.response.confidence", equalTo(1.0f));
            JsonNode answer = JSON.readTree(as(alice, BOT).body("""
                    {"message": "How long does shipping take?", "context": {"history": [{"role": "user", "content": "hi"}],
                     "metadata": {"customerTier": "premium"}}}""")
                    .post("/v1/bots/" + bot + "/test").then().statusCode(200).extract().asString()).path("data");
            assertThat(answer.path("response").path("content").asText()).contains("3 to 5 business days");
            double best = 0;
            for (JsonNode source : answer.path("response").path("sources")) {
                best = Math.max(best, source.path("score").asDouble());
            }
            assertThat(best).isGreaterThan(0);
            assertThat(answer.path("response").path("confidence").asDouble()).isEqualTo(best);
            assertThat(answer.path("latency").isNumber()).isTrue();
            as(alice, CONVERSATION).queryParam("botId", bot).get("/v1/conversations").then().statusCode(200)
                    .body("meta.pagination.totalCount", equalTo(1));

            // Deactivation hands the open conversation to the bot it names, and says so.
            String successor = created(as(alice, BOT).body("""
                    {"name": "Successor %s", "provider": "retrieval", "model": "retrieval"}""".formatted(run)).post("/v1/bots").then());
            as(alice, BOT).body("""
                    {"name": "Hours", "keywords": ["hours"], "matchType": "contains", "response": {"text": "Successor here: 8 to 8."}}""")
                    .post("/v1/bots/" + successor + "/keyword-rules").then().statusCode(201);
            as(alice, BOT).post("/v1/bots/" + successor + "/activate").then().statusCode(200);
            as(alice, BOT).body("{\"transferTo\": \"" + successor + "\", \"reason\": \"retiring\"}")
                    .post("/v1/bots/" + bot + "/deactivate").then().statusCode(200)
                    .body("data.attributes.conversationsTransferred", equalTo(1));
            await().atMost(PATIENCE).until(() -> successor.equals(as(alice, CONVERSATION)
                    .get("/v1/conversations/" + conversation).then().extract().path("data.attributes.botId")));
            say(channelId, secret, "nina", "and your hours on Sunday?");
            await().atMost(PATIENCE).until(() -> receiver.received.size() >= 2);
            assertThat(receiver.texts()).containsExactly("We are open 9 to 5.", "Successor here: 8 to 8.");
        }
    }

    @Test
    void telegramUpdatesAreCheckedWithTheSecretBotServiceGenerated() {
        String alice = Keycloak.token("alice");
        String run = Long.toString(System.nanoTime(), 36);
        String bot = created(as(alice, BOT).body("""
                {"name": "Telegram bot %s", "provider": "retrieval", "model": "retrieval"}""".formatted(run)).post("/v1/bots").then());
        JsonNode channel;
        try {
            channel = JSON.readTree(as(alice, BOT).body("""
                    {"type": "telegram", "name": "TG %s", "credentials": {"botToken": "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"}, "botId": "%s"}"""
                    .formatted(run, bot)).post("/v1/channels").then().statusCode(201).extract().asString()).path("data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String secret = channel.path("attributes").path("generatedCredentials").path("webhookSecret").asText();
        assertThat(secret).isNotBlank();
        String update = """
                {"update_id": 1, "message": {"message_id": 5, "from": {"id": 777, "first_name": "Ivan"},
                 "chat": {"id": 777, "type": "private"}, "date": 1700000000, "text": "hello"}}""";
        given().baseUri(url(CONVERSATION)).contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", "wrong")
                .body(update).post("/v1/inbound/telegram/" + channel.path("id").asText()).then().statusCode(401);
        given().baseUri(url(CONVERSATION)).contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", secret)
                .body(update).post("/v1/inbound/telegram/" + channel.path("id").asText()).then().statusCode(200);
    }
}
