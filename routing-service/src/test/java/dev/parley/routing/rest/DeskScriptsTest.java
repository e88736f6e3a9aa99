package dev.parley.routing.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The desk's own logic (shortcuts, queues, timeline, PKCE) under Node's built-in test runner: the scripts the browser
 * loads are copied next to the tests as {@code .mjs} (ES modules for Node without a package.json) and run as they are.
 */
class DeskScriptsTest {

    @Test
    void theDesksScriptsPassTheirUnitTests() throws IOException, InterruptedException {
        Path work = Path.of("target", "desk-js");
        Files.createDirectories(work);
        for (String script : new String[] {"desk-logic", "oidc"}) {
            Files.copy(Path.of("src/main/resources/desk", script + ".js"), work.resolve(script + ".mjs"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of("src/test/js", script + ".test.mjs"), work.resolve(script + ".test.mjs"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process node = new ProcessBuilder("node", "--test", "desk-logic.test.mjs", "oidc.test.mjs")
                .directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0");
    }
}
