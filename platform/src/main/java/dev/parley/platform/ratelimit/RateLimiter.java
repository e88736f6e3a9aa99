package dev.parley.platform.ratelimit;

import dev.parley.platform.security.CallerAttributes;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * A fixed-window counter per API key in Redis, so that every replica of every service spends the same
 * budget. The count and the window's expiry are set by one script, atomically: each count of a window is handed out
 * once, so at most {@code limit} requests pass per window whatever the concurrency and the replicas, and exactly
 * {@code limit} through one replica. A replica takes a busy key's counts a few at a time ({@link LeasedCounts}): most of
 * its requests are counted without a round trip to Redis, and once the limit is reached they are refused without one.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final String KEY_PREFIX = "parley:rate:";
    private static final String COUNT_SCRIPT = """
            local count = redis.call('INCRBY', KEYS[1], ARGV[2])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """;

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    private final Map<String, LeasedCounts> leases = new ConcurrentHashMap<>();
    private final AtomicInteger newLeases = new AtomicInteger();

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
        LeasedCounts counts = leases(apiKeyId);
        long now = System.nanoTime();
        long count = counts.take(now, limit);
        if (count > 0) {
            return Uni.createFrom().item(decide(count, limit, counts.resetSeconds(now), windowMillis));
        }
        int size = counts.leaseSize(now, limit);
        return redis.execute("EVAL", COUNT_SCRIPT, "1", KEY_PREFIX + apiKeyId, Long.toString(windowMillis),
                        Integer.toString(size))
                .map(reply -> {
                    long answered = System.nanoTime();
                    long first = counts.leased(answered, reply.get(0).toLong(), size, reply.get(1).toLong(),
                            windowMillis, limit);
                    return decide(first, limit, counts.resetSeconds(answered), windowMillis);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Rate limiting unavailable, letting the request pass: %s", failure.getMessage());
                    return new RateLimitDecision(true, limit, limit, windowMillis / 1000, windowMillis / 1000);
                });
    }

    private LeasedCounts leases(String apiKeyId) {
        LeasedCounts counts = leases.get(apiKeyId);
        if (counts != null) {
            return counts;
        }
        if (newLeases.incrementAndGet() % 1024 == 0) { // forget the keys whose window has ended
            long now = System.nanoTime();
            leases.values().removeIf(leased -> leased.ended(now));
        }
        return leases.computeIfAbsent(apiKeyId, ignored -> new LeasedCounts());
    }

    private static RateLimitDecision decide(long count, int limit, long resetSeconds, long windowMillis) {
        int remaining = (int) Math.max(0, limit - count);
        return new RateLimitDecision(count <= limit, limit, remaining, resetSeconds, windowMillis / 1000);
    }
}
