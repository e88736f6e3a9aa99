package dev.parley.platform.ratelimit;

import java.util.ArrayDeque;

/**
 * One API key's counts in its current window that this replica took from Redis ahead and has not handed out yet.
 * Redis hands each count of a window out once, to one replica (a lease of {@code n} counts is one {@code INCRBY n}), so
 * every request that passes holds a count of its own, at most the plan's limit pass per window across all replicas,
 * and one replica alone lets exactly the limit pass. Only a busy key leases ahead: a lease is one count unless the
 * previous one was used up within {@value #BUSY_MILLIS} ms, and then twice the previous one, up to a sixteenth of what
 * is left of the limit and at most {@value #MAX_LEASE}. Counts left unused by a replica whose requests stop are thus
 * about what it would have used in a moment, and near the limit every request asks for its own count as without
 * leases. Once the limit is reached the replica refuses the key's requests without asking Redis until the window ends.
 */
final class LeasedCounts {

    static final int MAX_LEASE = 64;
    static final long BUSY_MILLIS = 1_000;
    private static final int SHARE = 16;

    /** Ranges of counts {first, last} leased and not handed out, oldest first. */
    private final ArrayDeque<long[]> leased = new ArrayDeque<>();
    /** When the window ends, as {@link System#nanoTime()}; meaningless while {@code highest} is 0. */
    private long windowEndNanos;
    /** The highest count Redis gave this replica in the window, 0 before the first (no window known). */
    private long highest;
    /** The size of the last lease and when it was answered. */
    private int lastSize;
    private long lastLeaseNanos;

    /** The next count leased here, or 0 when there is none and Redis must be asked. */
    synchronized long take(long nowNanos, int limit) {
        if (highest == 0 || nowNanos - windowEndNanos >= 0) {
            leased.clear();
            highest = 0;
            return 0;
        }
        long[] range = leased.peekFirst();
        if (range == null) {
            return highest >= limit ? highest + 1 : 0;
        }
        long count = range[0]++;
        if (range[0] > range[1]) {
            leased.removeFirst();
        }
        return count;
    }

    /** How many counts to ask Redis for: one, or twice the last lease when that was used up within a moment. */
    synchronized int leaseSize(long nowNanos, int limit) {
        if (highest == 0 || nowNanos - windowEndNanos >= 0 || nowNanos - lastLeaseNanos > BUSY_MILLIS * 1_000_000) {
            return 1;
        }
        long cap = Math.min(MAX_LEASE, (limit - highest) / SHARE);
        return (int) Math.max(1, Math.min(cap, 2L * lastSize));
    }

    /**
     * Records a lease whose last count is {@code last} and whose window ends in {@code ttlMillis}, and returns the
     * lease's first count for the request that asked for it (above the limit when the limit was already reached).
     * Leases asked for together may be answered in any order.
     */
    synchronized long leased(long nowNanos, long last, int size, long ttlMillis, long windowMillis, int limit) {
        long endNanos = nowNanos + ttlMillis * 1_000_000;
        if (highest == 0 || endNanos - windowEndNanos > windowMillis * 500_000) {
            leased.clear(); // a window after the one this replica knew: its counts started again
            highest = 0;
            windowEndNanos = endNanos;
        }
        highest = Math.max(highest, last);
        lastSize = size;
        lastLeaseNanos = nowNanos;
        long first = last - size + 1;
        long usable = Math.min(last, limit);
        if (first < usable) {
            leased.addLast(new long[] {first + 1, usable});
        }
        return first;
    }

    /** Whole seconds until the window ends, at least one. */
    synchronized long resetSeconds(long nowNanos) {
        return Math.max(1, (windowEndNanos - nowNanos + 999_999_999) / 1_000_000_000);
    }

    /** Whether nothing is known of a current window any more (the entry may be forgotten). */
    synchronized boolean ended(long nowNanos) {
        return highest == 0 || nowNanos - windowEndNanos >= 0;
    }
}
