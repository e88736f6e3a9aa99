package dev.parley.platform.ratelimit;

/** The outcome of counting one request: whether it may pass and what the rate-limit headers say. */
public record RateLimitDecision(boolean allowed, int limit, int remaining, long resetSeconds, long windowSeconds) {
}
