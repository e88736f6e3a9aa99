package dev.parley.e2e;

import dev.parley.platform.testing.ServiceJar;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The four services as this reactor packaged them ({@code <service>/target/quarkus-app}), started once per run as
 * processes against the machine's infrastructure (infra/parley-infra), on ports of their own and with the
 * databases the services' own tests use. Stopped when the test JVM ends.
 */
public final class ServiceProcesses implements BeforeAllCallback {

    public static final int BOT = 19181;
    public static final int CONVERSATION = 19182;
    public static final int ROUTING = 19183;
    public static final int LLM = 19184;
    /**
     * One encryption key for all four (bot-service encrypts channel credentials that conversation-service reads), and
     * the one the services' own tests use (the {@code test} profile's): they share the databases, so a channel a module
     * test stored must stay readable here (with another key, listing Acme's channels answered 500).
     */
    static final String SECRETS_KEY = "ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE=";

    /**
     * Where a set of the four services runs: their ports, the Kafka broker, and the schema of the test databases their
     * tables live in ({@code null}: the databases' own, which the services' module tests use too).
     */
    public record Stage(String label, int bot, int conversation, int routing, int llm, String kafka, String schema) {

        /** The suites' stage: the machine's broker, the test databases as the module tests leave them. */
        static final Stage SUITES = new Stage("e2e", BOT, CONVERSATION, ROUTING, LLM, "127.0.0.1:9092", null);

        int port(String service) {
            return switch (service) {
                case "bot-service" -> bot;
                case "conversation-service" -> conversation;
                case "routing-service" -> routing;
                case "llm-gateway" -> llm;
                default -> throw new IllegalArgumentException(service);
            };
        }

        static String database(String service) {
            return "parley_" + service.replace("-service", "").replace("llm-gateway", "llm") + "_test";
        }

        /** The JDBC URL of {@code service}'s database as the services of this stage use it. */
        String jdbc(String service) {
            String url = "jdbc:postgresql://127.0.0.1:5432/" + database(service);
            return schema == null ? url : url + "?currentSchema=" + schema;
        }
    }

    /** In start order: the gateway first (bot-service asks it for the model catalogue). */
    static final List<String> SERVICES = List.of("llm-gateway", "bot-service", "conversation-service", "routing-service");
    private static final List<ServiceJar> RUNNING = new ArrayList<>();
    private static boolean started;

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (started) {
            return;
        }
        started = true;
        if (System.getenv("PARLEY_E2E_RUNNING") != null) {
            return; // a developer's loop: the four services are already running on these ports (same settings)
        }
        // all four at once: one after the other took longer than Surefire waits for a forked JVM to exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.parallelStream().forEach(ServiceJar::close)));
        SERVICES.forEach(name -> RUNNING.add(start(name, Stage.SUITES, Stage.SUITES.port(name), name, Map.of())));
        RUNNING.forEach(service -> service.awaitReady(Duration.ofSeconds(240)));
    }

    public static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Starts the packaged {@code service} on {@code port} against {@code stage} (its broker, databases and peers),
     * logging to {@code target/<logName>.log}; {@code extra} settings go last. The caller awaits it ready and closes it.
     */
    static ServiceJar start(String service, Stage stage, int port, String logName, Map<String, String> extra) {
        Path jar = Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PARLEY_DB_NAME", Stage.database(service));
        if (stage.schema() != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", stage.jdbc(service));
            env.put("QUARKUS_FLYWAY_DEFAULT_SCHEMA", stage.schema());
        }
        env.put("PARLEY_KAFKA_BOOTSTRAP", stage.kafka());
        env.put("PARLEY_SECRETS_KEY", SECRETS_KEY);
        // The tenant's webhook endpoint of this suite listens on this machine.
        env.put("PARLEY_OUTBOUND_ALLOW_LOOPBACK", "true");
        env.put("PARLEY_LLM_GATEWAY_URL", url(stage.llm()));
        env.put("PARLEY_BOT_SERVICE_URL", url(stage.bot()));
        env.put("PARLEY_CONVERSATION_SERVICE_URL", url(stage.conversation()));
        env.put("PARLEY_ROUTING_SERVICE_URL", url(stage.routing()));
        env.putAll(extra);
        return ServiceJar.start(service, jar, port, "320m", env, new File("target/" + logName + ".log"));
    }
}
