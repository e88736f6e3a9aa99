package dev.parley.bot.client;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real llm-gateway, as built by this reactor (it builds before bot-service), run beside bot-service's
 * tests: bot validation then talks to the actual catalogue with an actual client-credentials token.
 */
public class LlmGatewayProcess implements QuarkusTestResourceLifecycleManager {

    /** {@code -Dparley.test.gateway-port} lets two checkouts run these tests side by side. */
    static final int PORT = Integer.getInteger("parley.test.gateway-port", 19084);
    private static final Path JAR = Path.of("../llm-gateway/target/quarkus-app/quarkus-run.jar");

    private Process process;

    @Override
    public Map<String, String> start() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the build from the repository root "
                    + "(./mvnw verify), which packages llm-gateway before testing bot-service");
        }
        File log = new File("target/llm-gateway-for-tests.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log);
        builder.environment().put("PARLEY_HTTP_PORT", Integer.toString(PORT));
        builder.environment().put("PARLEY_DB_NAME", "parley_llm_test");
        builder.environment().put("PARLEY_SECRETS_KEY", "ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE=");
        builder.environment().put("MP_MESSAGING_INCOMING_API_KEYS_GROUP_ID", "llm-gateway.bot-service-tests");
        // The test database is shared with gateways built from other branches: tolerate migrations this build lacks.
        builder.environment().put("QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS", "*:missing,*:future");
        try {
            process = builder.start();
            awaitReady(log);
        } catch (IOException e) {
            throw new IllegalStateException("llm-gateway could not be started", e);
        }
        return Map.of("quarkus.rest-client.llm-gateway.url", "http://127.0.0.1:" + PORT);
    }

    private void awaitReady(File log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/q/health/ready")).build();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("llm-gateway exited:\n" + Files.readString(log.toPath()));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        stop();
        throw new IllegalStateException("llm-gateway not ready within 90 s:\n" + Files.readString(log.toPath()));
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
