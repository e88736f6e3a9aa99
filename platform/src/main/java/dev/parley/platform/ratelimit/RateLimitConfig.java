package dev.parley.platform.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Requests per window and API key, by the tenant's plan. */
@ConfigMapping(prefix = "parley.rate-limit")
public interface RateLimitConfig {

    /** Turn rate limiting off entirely (for load tests of the services themselves). */
    @WithDefault("true")
    boolean enabled();

    /** The window the plan limits count in. */
    @WithDefault("60s")
    Duration window();

    /** Requests per window by plan name: free, pro, enterprise. */
    Map<String, Integer> plans();

    /** The plan assumed for a key whose plan is unknown. */
    @WithDefault("free")
    String defaultPlan();
}
