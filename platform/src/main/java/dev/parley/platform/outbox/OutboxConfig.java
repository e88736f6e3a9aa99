package dev.parley.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "parley.outbox")
public interface OutboxConfig {

    /** How often the relay looks for events when no commit woke it (commits wake it at once). */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Events sent per round. */
    @WithDefault("200")
    int batchSize();

    /** Pause after a failed round (Kafka unreachable), so a dead broker is not hammered. */
    @WithDefault("2s")
    Duration retryBackoff();
}
