package dev.parley.platform.ratelimit;

import dev.parley.platform.security.CallerAttributes;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * A fixed-window counter per API key in Redis, so that every replica of every service spends the same
 * budget. The count and the window's expiry are set by one script, atomically: exactly {@code limit}
 * requests pass per window whatever the concurrency.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final String KEY_PREFIX = "parley:rate:";
    private static final String COUNT_SCRIPT = """
            local count = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """;

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public int limitFor(String plan) {
        Integer limit = plan == null ? null : config.plans().get(plan);
        return limit != null ? limit : config.plans().getOrDefault(config.defaultPlan(), 60);
    }

    /**
     * Counts one request of the caller when it holds an API key (null for any other caller, which has no limit, and
     * when rate limiting is off).
     */
    public Uni<RateLimitDecision> acquire(SecurityIdentity caller) {
        String keyId = config.enabled() ? caller.getAttribute(CallerAttributes.API_KEY_ID) : null;
        return keyId == null ? Uni.createFrom().nullItem() : acquire(keyId, caller.getAttribute(CallerAttributes.PLAN));
    }

    /** Counts one request of {@code apiKeyId}. If Redis cannot be reached the request passes (and this is logged). */
    public Uni<RateLimitDecision> acquire(String apiKeyId, String plan) {
        int limit = limitFor(plan);
        long windowMillis = config.window().toMillis();
        return redis.execute("EVAL", COUNT_SCRIPT, "1", KEY_PREFIX + apiKeyId, Long.toString(windowMillis))
                .map(reply -> decide(reply, limit, windowMillis))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Rate limiting unavailable, letting the request pass: %s", failure.getMessage());
                    return new RateLimitDecision(true, limit, limit, windowMillis / 1000, windowMillis / 1000);
                });
    }

    private static RateLimitDecision decide(Response reply, int limit, long windowMillis) {
        long count = reply.get(0).toLong();
        long ttlMillis = reply.get(1).toLong();
        long resetSeconds = Math.max(1, (ttlMillis + 999) / 1000);
        int remaining = (int) Math.max(0, limit - count);
        return new RateLimitDecision(count <= limit, limit, remaining, resetSeconds, windowMillis / 1000);
    }
}
