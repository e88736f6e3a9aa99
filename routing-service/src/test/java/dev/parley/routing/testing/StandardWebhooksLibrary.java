package dev.parley.routing.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The official Standard Webhooks library (npm {@code standardwebhooks}), which nobody here wrote, judging
 * messages: whether {@code verify} accepts each and the signature it computes itself.
 */
public final class StandardWebhooksLibrary {

    public record Message(String id, long timestamp, String signature, String payload) {
    }

    public record Verdict(Object verified, String signature) {

        public boolean accepted() {
            return Boolean.TRUE.equals(verified);
        }
    }

    private static final File DIRECTORY = new File("src/test/standardwebhooks");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<Verdict> judge(String secret, List<Message> messages) {
        try {
            install();
            Process process = new ProcessBuilder("node", "verify.mjs").directory(DIRECTORY).start();
            process.getOutputStream().write(JSON.writeValueAsBytes(Map.of("secret", secret, "messages", messages)));
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node verify.mjs did not finish");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("node verify.mjs failed: " + out + err);
            }
            JsonNode results = JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
            return java.util.stream.StreamSupport.stream(results.spliterator(), false)
                    .map(r -> new Verdict(r.get("verified").isBoolean() ? r.get("verified").asBoolean() : r.get("verified").asText(),
                            r.get("signature").asText()))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void install() throws Exception {
        if (new File(DIRECTORY, "node_modules/standardwebhooks").isDirectory()) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIRECTORY)
                .redirectErrorStream(true).start();
        if (!npm.waitFor(3, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new AssertionError("npm ci failed: " + new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private StandardWebhooksLibrary() {
    }
}
