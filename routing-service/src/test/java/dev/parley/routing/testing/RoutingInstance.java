package dev.parley.routing.testing;

import dev.parley.platform.testing.ServiceJar;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One routing-service replica as it is deployed: the packaged jar in its own JVM, against the test database
 * (in a schema of its own) and the shared broker, with consumer groups of its own so that it never takes a live platform's partitions.
 */
public final class RoutingInstance implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final ServiceJar replica;

    private RoutingInstance(ServiceJar replica) {
        this.replica = replica;
    }

    /** A replica on {@code schema} of the test database (a schema of its own: other branches' tests share that database). */
    public static RoutingInstance start(String name, int port, String schema) {
        return new RoutingInstance(ServiceJar.start("routing-service " + name, JAR, port, "256m", Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/parley_routing_test?currentSchema=" + schema,
                "QUARKUS_FLYWAY_DEFAULT_SCHEMA", schema,
                "PARLEY_SECRETS_KEY", "ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE=",
                "MP_MESSAGING_INCOMING_API_KEYS_GROUP_ID", "routing-service.it." + name,
                "MP_MESSAGING_INCOMING_HANDOFFS_GROUP_ID", "routing-service.it.handoffs",
                // earlier tests' handoffs stay where they are
                "MP_MESSAGING_INCOMING_HANDOFFS_AUTO_OFFSET_RESET", "latest",
                "MP_MESSAGING_INCOMING_WEBHOOK_EVENTS_GROUP_ID", "routing-service.it.webhooks"),
                new File("target/" + name + ".log")).awaitReady(Duration.ofSeconds(120)));
    }

    public String url() {
        return replica.url();
    }

    @Override
    public void close() {
        replica.close();
    }
}
