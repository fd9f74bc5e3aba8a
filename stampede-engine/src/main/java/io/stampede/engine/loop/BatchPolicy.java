package io.stampede.engine.loop;

import java.util.function.IntSupplier;

/**
 * When a loop waits for a batch of responses, and for how many: the decisions of
 * {@link CompletionBatching}, apart from the ring so that they can be tested alone. One instance
 * per loop, touched only by its thread.
 *
 * <ul>
 *   <li><b>How many</b>: a quarter of the requests this loop has in flight, at most
 *       {@link #MAX_BATCH}. The other three quarters keep the target busy while the loop sleeps, so
 *       a closed model drives it as hard as before (in a closed model at the target's pace the mean
 *       response time then stays the same too: Little's law). Below 8 requests in flight there is
 *       no batch worth waiting for: the loop waits for one completion, as Netty's does.
 *   <li><b>Backing off</b>: a wait that runs out of time means responses come slower than a batch
 *       fills (a slow target, a light load). Waiting then only delays the few there are, so after
 *       such a wait the loop skips the next 2, 4, ... up to {@link #MAX_SKIPS} chances to wait; a
 *       wait that fills its batch in time ends the back-off.
 * </ul>
 */
final class BatchPolicy {

    /** Requests in flight per response waited for: 4 leaves three quarters of them at the target. */
    static final int IN_FLIGHT_PER_WAITED = 4;
    /** The largest batch waited for: beyond it one more response saves little and holds the first back longer. */
    static final int MAX_BATCH = 16;
    /** Most chances to wait skipped after a wait ran out of time: under a light load, a try every ~1,000 turns. */
    static final int MAX_SKIPS = 1024;

    private int inFlight;
    private int backoff = 1;
    private int skips;

    void requestSent() {
        inFlight++;
    }

    void requestEnded() {
        inFlight--;
    }

    int inFlight() {
        return inFlight;
    }

    /**
     * How many completions to wait for before the loop's next turn.
     *
     * @param ready completions already posted, asked only when there is a batch to wait for
     * @return 0: do not wait (too few in flight, backing off, or the batch is already there)
     */
    int completionsToWaitFor(IntSupplier ready) {
        int batch = Math.min(MAX_BATCH, inFlight / IN_FLIGHT_PER_WAITED);
        if (batch < 2 || ready.getAsInt() >= batch) {
            return 0;
        }
        if (skips > 0) {
            skips--;
            return 0;
        }
        return batch;
    }

    /** @param filled whether the wait ended with its batch, not by its timeout */
    void waited(boolean filled) {
        if (filled) {
            backoff = 1;
        } else {
            backoff = Math.min(backoff * 2, MAX_SKIPS);
            skips = backoff;
        }
    }
}
