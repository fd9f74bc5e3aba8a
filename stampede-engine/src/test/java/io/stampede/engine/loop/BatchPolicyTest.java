package io.stampede.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many responses a loop waits for, and how it stops waiting when its waits run out of time. */
class BatchPolicyTest {

    private static BatchPolicy withInFlight(int requests) {
        BatchPolicy policy = new BatchPolicy();
        for (int i = 0; i < requests; i++) {
            policy.requestSent();
        }
        return policy;
    }

    @Test
    void waitsForAQuarterOfTheRequestsInFlightUpToSixteen() {
        assertThat(withInFlight(32).completionsToWaitFor(() -> 0)).isEqualTo(8);
        assertThat(withInFlight(9).completionsToWaitFor(() -> 0)).isEqualTo(2);
        assertThat(withInFlight(64).completionsToWaitFor(() -> 0)).isEqualTo(16);
        assertThat(withInFlight(10_000).completionsToWaitFor(() -> 0)).isEqualTo(BatchPolicy.MAX_BATCH);
    }

    @Test
    void fewerThanEightInFlightOrABatchAlreadyThereMeansNoWait() {
        assertThat(withInFlight(7).completionsToWaitFor(() -> 0)).isZero();
        assertThat(withInFlight(1).completionsToWaitFor(() -> 0)).isZero();
        assertThat(withInFlight(32).completionsToWaitFor(() -> 8)).isZero();
        assertThat(withInFlight(32).completionsToWaitFor(() -> 7)).isEqualTo(8);
    }

    @Test
    void theRingIsNotAskedWhenThereIsNoBatchToWaitFor() {
        assertThat(withInFlight(7).completionsToWaitFor(() -> {
            throw new AssertionError("ready() asked with 7 requests in flight");
        })).isZero();
    }

    @Test
    void endedRequestsNoLongerCount() {
        BatchPolicy policy = withInFlight(40);
        for (int i = 0; i < 33; i++) {
            policy.requestEnded();
        }
        assertThat(policy.inFlight()).isEqualTo(7);
        assertThat(policy.completionsToWaitFor(() -> 0)).isZero();
    }

    @Test
    void waitsThatRunOutOfTimeSkipTwiceAsManyChancesEachTimeUpToTheCap() {
        BatchPolicy policy = withInFlight(32);
        int expectedSkips = 1;
        for (int timeouts = 1; timeouts <= 12; timeouts++) {
            policy.waited(false);
            expectedSkips = Math.min(expectedSkips * 2, BatchPolicy.MAX_SKIPS);
            for (int i = 0; i < expectedSkips; i++) {
                assertThat(policy.completionsToWaitFor(() -> 0)).as("chance %d after timeout %d", i, timeouts).isZero();
            }
            assertThat(policy.completionsToWaitFor(() -> 0)).as("after %d skipped chances", expectedSkips).isEqualTo(8);
        }
        assertThat(expectedSkips).isEqualTo(BatchPolicy.MAX_SKIPS);
    }

    @Test
    void aBatchFilledInTimeEndsTheBackOff() {
        BatchPolicy policy = withInFlight(32);
        policy.waited(false);
        policy.waited(false); // two timeouts in a row would skip 4 chances
        for (int i = 0; i < 4; i++) {
            policy.completionsToWaitFor(() -> 0);
        }
        policy.waited(true);
        policy.waited(false); // the back-off starts again from 2
        assertThat(policy.completionsToWaitFor(() -> 0)).isZero();
        assertThat(policy.completionsToWaitFor(() -> 0)).isZero();
        assertThat(policy.completionsToWaitFor(() -> 0)).isEqualTo(8);
    }
}
