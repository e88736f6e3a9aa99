package dev.parley.routing.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainPaceTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theNextBatchWaitsWhatTheLastWasWorthLessWhatItTook() {
        DrainPace pace = new DrainPace(1_000);
        long t0 = -5_000 * MS; // System.nanoTime() may be negative
        assertThat(pace.waitBeforeNext(t0)).isLessThanOrEqualTo(0);

        pace.taken(100, t0);
        assertThat(pace.waitBeforeNext(t0 + 10 * MS)).isEqualTo(90 * MS);
        pace.taken(100, t0 + 100 * MS);
        assertThat(pace.waitBeforeNext(t0 + 130 * MS)).isEqualTo(70 * MS);
        // 1,000 decisions take a second, however quickly their batches ran
        for (int i = 2; i < 10; i++) {
            pace.taken(100, t0 + i * 100 * MS);
        }
        assertThat(pace.waitBeforeNext(t0 + 990 * MS)).isEqualTo(10 * MS);
        assertThat(pace.waitBeforeNext(t0 + 1_000 * MS)).isZero();
    }

    @Test
    void batchesOnSeveralThreadsCountAgainstOneBudget() {
        DrainPace pace = new DrainPace(2_000);
        long t0 = 42 * MS;

        pace.taken(100, t0); // the drain thread's
        pace.taken(100, t0 + 5 * MS); // a request's, meanwhile

        assertThat(pace.waitBeforeNext(t0 + 10 * MS)).isEqualTo(90 * MS);
    }

    @Test
    void aBatchTakenLateEarnsNoBurst() {
        DrainPace pace = new DrainPace(1_000);
        pace.taken(100, 0);

        // the machine was busy: the next batch began 400 ms after its turn
        pace.taken(100, 500 * MS);
        assertThat(pace.waitBeforeNext(520 * MS)).isEqualTo(80 * MS);
    }

    @Test
    void noPaceAndEmptyBatchesNeverWait() {
        DrainPace none = new DrainPace(0);
        none.taken(1_000, 0);
        assertThat(none.waitBeforeNext(0)).isLessThanOrEqualTo(0);

        DrainPace paced = new DrainPace(1_000);
        paced.taken(0, 0);
        assertThat(paced.waitBeforeNext(0)).isLessThanOrEqualTo(0);
    }
}
