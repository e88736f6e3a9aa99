package dev.parley.routing.service;

import java.util.concurrent.TimeUnit;

/**
 * The pace of a replica's backlog drains: every batch of decisions, whatever the thread that took it, counts against
 * one budget of {@code perSecond}, and the drain thread waits for the budget before each of its batches. A batch taken
 * later than the budget allowed (the machine was busy) earns no burst to catch up.
 */
final class DrainPace {

    private final long nanosPerDecision;
    private long next = Long.MIN_VALUE;

    /** {@code perSecond} 0: no pace. */
    DrainPace(int perSecond) {
        this.nanosPerDecision = perSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
    }

    /** A batch of {@code decisions} begun at {@code startedAt} ({@link System#nanoTime()}) is done. */
    synchronized void taken(int decisions, long startedAt) {
        if (nanosPerDecision != 0 && decisions > 0) {
            next = Math.max(next, startedAt) + decisions * nanosPerDecision;
        }
    }

    /** How long, from {@code now}, the next batch waits for the budget (0 or less: none). */
    synchronized long waitBeforeNext(long now) {
        return next == Long.MIN_VALUE ? 0 : next - now;
    }
}
