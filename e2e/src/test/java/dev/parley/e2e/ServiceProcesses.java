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

    private static final Map<String, Integer> SERVICES = new LinkedHashMap<>();
    private static final List<ServiceJar> RUNNING = new ArrayList<>();
    private static boolean started;

    static {
        SERVICES.put("llm-gateway", LLM);
        SERVICES.put("bot-service", BOT);
        SERVICES.put("conversation-service", CONVERSATION);
        SERVICES.put("routing-service", ROUTING);
    }

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
        SERVICES.forEach((name, port) -> RUNNING.add(start(name, port)));
        RUNNING.forEach(service -> service.awaitReady(Duration.ofSeconds(240)));
    }

    public static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static ServiceJar start(String name, int port) {
        Path jar = Path.of("..", name, "target", "quarkus-app", "quarkus-run.jar");
        return ServiceJar.start(name, jar, port, "320m", Map.of(
                "PARLEY_DB_NAME", "parley_" + name.replace("-service", "").replace("llm-gateway", "llm") + "_test",
                "PARLEY_SECRETS_KEY", SECRETS_KEY,
                // The tenant's webhook endpoint of this suite listens on this machine.
                "PARLEY_OUTBOUND_ALLOW_LOOPBACK", "true",
                "PARLEY_LLM_GATEWAY_URL", url(LLM),
                "PARLEY_BOT_SERVICE_URL", url(BOT),
                "PARLEY_CONVERSATION_SERVICE_URL", url(CONVERSATION)),
                new File("target/" + name + ".log"));
    }
}
