package dev.parley.conversation.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The widget's own logic, by node's built-in test runner ({@code src/test/js}, no npm package), and its weight: what
 * a page downloads (loader, widget, styles) must stay under 40 KB gzipped.
 */
class WidgetLogicTest {

    private static final Logger LOG = Logger.getLogger(WidgetLogicTest.class);

    @Test
    void widgetLogicPassesItsUnitTests() throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", "--test", "src/test/js/").redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0");
    }

    @Test
    void widgetWeighsUnderFortyKilobytesGzipped() {
        WidgetResource widget = new WidgetResource();
        long raw = 0;
        long gzipped = 0;
        for (var e : widget.assets().entrySet()) {
            if (!e.getKey().startsWith("demo")) {
                raw += e.getValue().bytes().length;
                gzipped += e.getValue().gzipped().length;
            }
        }
        LOG.infof("widget (loader + script + styles): %d bytes, %d bytes gzipped, version %s", raw, gzipped,
                widget.version());
        assertThat(gzipped).isLessThan(40 * 1024);
        assertThat(widget.version()).matches("[0-9a-f]{12}");
        assertThat(new String(widget.assets().get("parley-chat.js").bytes(), StandardCharsets.UTF_8))
                .contains("'" + widget.version() + "'").doesNotContain("__PARLEY_WIDGET_VERSION__");
    }

    static Path widgetSources() {
        return Path.of("src/main/resources/widget");
    }
}
