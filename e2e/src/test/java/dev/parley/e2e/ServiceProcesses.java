package dev.parley.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    /** One encryption key for all four: bot-service encrypts channel credentials that conversation-service reads. */
    static final String SECRETS_KEY = "ZTJlLW9ubHktZTJlLW9ubHktZTJlLW9ubHktZTJlLTE=";

    private static final Map<String, Integer> SERVICES = new LinkedHashMap<>();
    private static final List<Process> RUNNING = new ArrayList<>();
    private static boolean started;

    static {
        SERVICES.put("llm-gateway", LLM);
        SERVICES.put("bot-service", BOT);
        SERVICES.put("conversation-service", CONVERSATION);
        SERVICES.put("routing-service", ROUTING);
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (started) {
            return;
        }
        started = true;
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcesses::stopAll));
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            RUNNING.add(start(service.getKey(), service.getValue()));
        }
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            awaitReady(service.getKey(), service.getValue());
        }
    }

    public static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static Process start(String name, int port) throws IOException {
        Path jar = Path.of("..", name, "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the whole build (./mvnw verify) from the root");
        }
        File log = new File("target/" + name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx320m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log);
        Map<String, String> env = builder.environment();
        env.put("PARLEY_HTTP_PORT", Integer.toString(port));
        env.put("PARLEY_DB_NAME", "parley_" + name.replace("-service", "").replace("llm-gateway", "llm") + "_test");
        env.put("PARLEY_SECRETS_KEY", SECRETS_KEY);
        // The tenant's webhook endpoint of this suite listens on this machine.
        env.put("PARLEY_OUTBOUND_ALLOW_LOOPBACK", "true");
        env.put("PARLEY_LLM_GATEWAY_URL", url(LLM));
        env.put("PARLEY_BOT_SERVICE_URL", url(BOT));
        return builder.start();
    }

    private static void awaitReady(String name, int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url(port) + "/q/health/ready")).build();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within 120 s; see e2e/target/" + name + ".log");
    }

    private static void stopAll() {
        for (Process process : RUNNING) {
            process.destroy();
        }
        for (Process process : RUNNING) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
