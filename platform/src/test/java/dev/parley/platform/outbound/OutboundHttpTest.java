package dev.parley.platform.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback, allowed here by explicit configuration as in every test. */
class OutboundHttpTest {

    static HttpServer server;
    static Vertx vertx;
    static OutboundHttp http;
    static String base;
    static final AtomicReference<String> lastHost = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            lastHost.set(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = ("hello " + exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[512];
            for (int i = 0; i < 8; i++) {
                exchange.getResponseBody().write(chunk);
            }
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        vertx = Vertx.vertx();
        OutboundConfig config = OutboundGuardTest.config(true);
        http = new OutboundHttp(new OutboundGuard(config), config, vertx);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        vertx.close();
    }

    @Test
    void callsTheCheckedAddressWithTheUrlsHost() {
        OutboundHttp.Response response = http.send("POST", base + "/ok", Map.of("Content-Type", "text/plain"),
                "ping".getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello POST ping");
        assertThat(lastHost.get()).isEqualTo("127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void neverFollowsARedirect() {
        OutboundHttp.Response response = http.send("GET", base + "/redirect", Map.of(), null);
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.headers()).containsEntry("location", "http://169.254.169.254/latest/meta-data/");
    }

    @Test
    void capsTheAnswersSize() {
        assertThatThrownBy(() -> http.send("GET", base + "/big", Map.of(), null))
                .isInstanceOf(OutboundCallFailedException.class).hasMessageContaining("larger than 1024 bytes");
    }

    @Test
    void capsTheTime() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> http.send("GET", base + "/slow", Map.of(), null))
                .isInstanceOf(OutboundCallFailedException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500);
    }

    @Test
    void refusesBeforeConnecting() {
        OutboundConfig strict = OutboundGuardTest.config(false);
        OutboundHttp production = new OutboundHttp(new OutboundGuard(strict), strict, vertx);
        assertThatThrownBy(() -> production.send("GET", base + "/ok", Map.of(), null))
                .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("loopback");
    }
}
