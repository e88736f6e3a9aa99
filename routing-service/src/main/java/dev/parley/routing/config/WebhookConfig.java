package dev.parley.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How webhook deliveries are sent and retried. */
@ConfigMapping(prefix = "parley.webhooks")
public interface WebhookConfig {

    /**
     * Waits before each retry after a failed attempt; when they are used up the delivery has failed. The default
     * is the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
     */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Each wait is stretched or shrunk at random by up to this fraction, so retries of many messages spread out. */
    @WithDefault("0.2")
    double jitter();

    /** How often each replica looks for due deliveries. */
    @WithDefault("1s")
    Duration pollEvery();

    /** Deliveries one replica claims per look. */
    @WithDefault("20")
    int batchSize();

    /**
     * How long a claimed delivery belongs to the replica that claimed it; if that replica stops mid-send, another
     * sends the message again (same webhook-id) after this. Longer than the outbound timeout.
     */
    @WithDefault("60s")
    Duration lease();

    /** How long delivered and failed messages stay in the delivery log. */
    @WithDefault("30d")
    Duration keepLog();
}
