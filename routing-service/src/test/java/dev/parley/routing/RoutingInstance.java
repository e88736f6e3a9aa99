package dev.parley.routing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One routing-service replica as it is deployed: the packaged jar in its own JVM, against the test database
 * (in a schema of its own) and the shared broker, with consumer groups of its own so that it never takes a live platform's partitions.
 */
public final class RoutingInstance implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final int port;

    private RoutingInstance(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A replica on {@code schema} of the test database (a schema of its own: other branches' tests share that database). */
    public static RoutingInstance start(String name, int port, String schema) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after `package` (./mvnw verify)");
        }
        File log = new File("target/" + name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log);
        builder.environment().put("PARLEY_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://127.0.0.1:5432/parley_routing_test?currentSchema=" + schema);
        builder.environment().put("QUARKUS_FLYWAY_DEFAULT_SCHEMA", schema);
        builder.environment().put("PARLEY_SECRETS_KEY", "ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE=");
        builder.environment().put("MP_MESSAGING_INCOMING_API_KEYS_GROUP_ID", "routing-service.it." + name);
        builder.environment().put("MP_MESSAGING_INCOMING_HANDOFFS_GROUP_ID", "routing-service.it.handoffs");
        // earlier tests' handoffs stay where they are
        builder.environment().put("MP_MESSAGING_INCOMING_HANDOFFS_AUTO_OFFSET_RESET", "latest");
        builder.environment().put("MP_MESSAGING_INCOMING_WEBHOOK_EVENTS_GROUP_ID", "routing-service.it.webhooks");
        try {
            RoutingInstance instance = new RoutingInstance(builder.start(), port);
            instance.awaitReady(log);
            return instance;
        } catch (IOException e) {
            throw new IllegalStateException("routing-service could not be started", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(File log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("routing-service exited:\n" + Files.readString(log.toPath()));
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
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
        throw new IllegalStateException("routing-service not ready within 120 s:\n" + Files.readString(log.toPath()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
