package dev.parley.llm.service.chat;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away in the middle of a streamed answer ends the provider's stream too: the gateway does not
 * keep a provider generating (and billing) an answer nobody reads.
 */
@QuarkusTest
class AbandonedStreamTest {

    HttpServer provider;
    final CountDownLatch providerStreamClosed = new CountDownLatch(1);
    final CountDownLatch firstEventSent = new CountDownLatch(1);

    /** A provider that streams an event every 50 ms for 20 s, and notices when its reader hangs up. */
    @BeforeEach
    void startProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream events = exchange.getResponseBody()) {
                for (int i = 0; i < 400; i++) {
                    events.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"word " + i
                            + " \"},\"finish_reason\":null}]}\n\n").getBytes(UTF_8));
                    events.flush();
                    firstEventSent.countDown();
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                providerStreamClosed.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    @Test
    void aClientThatHangsUpMidStreamEndsTheProvidersStream() throws Exception {
        String model = given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json").body("""
                {"name": "slow stream", "provider": "custom", "apiKey": "k", "baseUrl": "http://127.0.0.1:%d/v1",
                 "defaultModel": "slow-%s"}""".formatted(provider.getAddress().getPort(), UUID.randomUUID()))
                .post("/v1/integrations").then().statusCode(201).extract().path("data.id");
        String body = "{\"model\": \"" + model + "\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Tell me a long story\"}]}";

        try (Socket client = new Socket("127.0.0.1", RestAssured.port)) {
            byte[] bytes = body.getBytes(UTF_8);
            client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + Keycloak.bearer("alice") + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(UTF_8));
            client.getOutputStream().write(bytes);
            client.getOutputStream().flush();
            BufferedReader answer = new BufferedReader(new InputStreamReader(client.getInputStream(), UTF_8));
            assertThat(answer.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String line;
            do {
                line = answer.readLine();
            } while (line != null && !line.startsWith("data: "));
            assertThat(line).as("the first event reached the client").contains("word 0");
        } // the client hangs up here, with 20 s of the answer to come

        assertThat(providerStreamClosed.await(5, TimeUnit.SECONDS)).as("the provider's stream was closed").isTrue();
    }
}
