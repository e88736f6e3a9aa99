package dev.parley.bot.testing;

import dev.parley.platform.testing.ServiceJar;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real llm-gateway, as built by this reactor (it builds before bot-service), run beside bot-service's
 * tests: bot validation then talks to the actual catalogue with an actual client-credentials token.
 */
public class LlmGatewayProcess implements QuarkusTestResourceLifecycleManager {

    /** {@code -Dparley.test.gateway-port} lets two checkouts run these tests side by side. */
    public static final int PORT = Integer.getInteger("parley.test.gateway-port", 19084);
    private static final Path JAR = Path.of("../llm-gateway/target/quarkus-app/quarkus-run.jar");

    private ServiceJar gateway;

    @Override
    public Map<String, String> start() {
        gateway = ServiceJar.start("llm-gateway", JAR, PORT, "256m", Map.of(
                "PARLEY_DB_NAME", "parley_llm_test",
                "PARLEY_SECRETS_KEY", "ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE=",
                "MP_MESSAGING_INCOMING_API_KEYS_GROUP_ID", "llm-gateway.bot-service-tests",
                // The test database is shared with gateways built from other branches: tolerate migrations this build lacks.
                "QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS", "*:missing,*:future"),
                new File("target/llm-gateway-for-tests.log")).awaitReady(Duration.ofSeconds(90));
        return Map.of("quarkus.rest-client.llm-gateway.url", gateway.url());
    }

    @Override
    public void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
