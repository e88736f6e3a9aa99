package dev.parley.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The leasing arithmetic against a counter that does what the Redis script does. */
class LeasedCountsTest {

    private static final long WINDOW_MILLIS = 60_000;

    /** The script: INCRBY, and the window's end fixed by the first count. */
    private static final class Counter {
        long count;
        long windowEndNanos;
        int calls;

        long[] incrementBy(long nowNanos, int size) {
            calls++;
            if (count == 0 || nowNanos >= windowEndNanos) {
                count = 0;
                windowEndNanos = nowNanos + WINDOW_MILLIS * 1_000_000;
            }
            count += size;
            return new long[] {count, (windowEndNanos - nowNanos) / 1_000_000};
        }
    }

    /** One request through one replica, as RateLimiter does it: the count it was given. */
    private static long request(LeasedCounts replica, Counter redis, long now, int limit) {
        long count = replica.take(now, limit);
        if (count > 0) {
            return count;
        }
        int size = replica.leaseSize(now, limit);
        long[] reply = redis.incrementBy(now, size);
        return replica.leased(now, reply[0], size, reply[1], WINDOW_MILLIS, limit);
    }

    @Test
    void oneReplicaLetsExactlyTheLimitPassEachWithItsOwnCountAndAsksRedisFarLessOften() {
        Counter redis = new Counter();
        LeasedCounts replica = new LeasedCounts();
        int limit = 10_000;
        Set<Long> passed = new HashSet<>();
        int refused = 0;
        for (int i = 0; i < 12_000; i++) {
            long count = request(replica, redis, 1_000_000L * i, limit);
            if (count <= limit) {
                assertThat(passed.add(count)).as("count %d handed out twice", count).isTrue();
            } else {
                refused++;
            }
        }
        assertThat(passed).hasSize(limit);
        assertThat(refused).isEqualTo(2_000);
        // leases of up to 64 counts, one count at a time only near the limit; refusals answered without Redis
        assertThat(redis.calls).isLessThan(600);
    }

    @Test
    void replicasTogetherNeverLetMoreThanTheLimitPassNorTheSameCountTwice() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            Counter redis = new Counter();
            List<LeasedCounts> replicas = List.of(new LeasedCounts(), new LeasedCounts(), new LeasedCounts());
            int limit = 50 + random.nextInt(500);
            Set<Long> passed = new HashSet<>();
            for (int i = 0; i < limit * 2; i++) {
                long count = request(replicas.get(random.nextInt(3)), redis, 1_000L * i, limit);
                if (count <= limit) {
                    assertThat(passed.add(count)).isTrue();
                }
            }
            assertThat(passed.size()).isLessThanOrEqualTo(limit);
            // what replicas left unused when the others ran out is at most a sixteenth of what was left each
            assertThat(passed.size()).isGreaterThanOrEqualTo(limit - limit / 16 * 3 - 3);
        }
    }

    @Test
    void aKeyUsedNowAndThenOnOtherReplicasLeavesThemNoCountUnused() {
        Counter redis = new Counter();
        LeasedCounts busy = new LeasedCounts();
        List<LeasedCounts> quiet = List.of(new LeasedCounts(), new LeasedCounts(), new LeasedCounts());
        int limit = 300;
        long second = 1_000_000_000L;
        Set<Long> passed = new HashSet<>();
        // the other services see the key every two seconds: one count at a time, one round trip each
        for (int i = 0; i < 5; i++) {
            for (LeasedCounts replica : quiet) {
                assertThat(passed.add(request(replica, redis, i * 2 * second, limit))).isTrue();
            }
        }
        assertThat(redis.calls).isEqualTo(15);
        // then one replica gets a burst until it is refused: every count left in the window is its
        for (int i = 0; i < 400; i++) {
            long count = request(busy, redis, 10 * second + i * 1_000_000L, limit);
            if (count <= limit) {
                assertThat(passed.add(count)).isTrue();
            }
        }
        assertThat(passed).hasSize(limit);
    }

    @Test
    void leasesAnsweredOutOfOrderLoseNoCount() {
        Counter redis = new Counter();
        LeasedCounts replica = new LeasedCounts();
        int limit = 1_000;
        assertThat(request(replica, redis, 0, limit)).isEqualTo(1);
        assertThat(request(replica, redis, 1, limit)).isEqualTo(2); // busy: the next lease is larger
        // two requests find nothing leased and ask together; the second lease is answered first
        int size = replica.leaseSize(1, limit);
        assertThat(size).isGreaterThan(1);
        long[] first = redis.incrementBy(1, size);
        long[] second = redis.incrementBy(2, size);
        List<Long> counts = new ArrayList<>();
        counts.add(replica.leased(3, second[0], size, second[1], WINDOW_MILLIS, limit));
        counts.add(replica.leased(4, first[0], size, first[1], WINDOW_MILLIS, limit));
        for (long count; (count = replica.take(5, limit)) != 0; ) {
            counts.add(count);
        }
        assertThat(counts).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(3, 3 + 2L * size).boxed().toList());
    }

    @Test
    void aNewWindowStartsCountingAgainAndForgetsTheOldOnesLeases() {
        Counter redis = new Counter();
        LeasedCounts replica = new LeasedCounts();
        int limit = 100;
        for (int i = 0; i < 150; i++) {
            request(replica, redis, i, limit);
        }
        assertThat(request(replica, redis, 200, limit)).as("refused until the window ends").isGreaterThan(limit);
        long afterWindow = WINDOW_MILLIS * 1_000_000 + 1_000;
        assertThat(replica.ended(afterWindow)).isTrue();
        assertThat(request(replica, redis, afterWindow, limit)).isEqualTo(1);
        assertThat(replica.resetSeconds(afterWindow)).isEqualTo(60);
    }
}
