package io.stampede.core.link;

import io.stampede.core.load.Arrivals;
import io.stampede.core.load.RateProfile;

/**
 * One worker's slice of an open-model run, inside {@link StartLoad}. Times are nanoseconds on
 * the run clock, whose zero is when the load started ({@code startEpochMillis} on the wall
 * clock). A worker anchors its own monotonic clock to that zero once per run: by the wall clock
 * (NTP keeps Kubernetes nodes within milliseconds), so neither the link's latency nor a cold
 * JVM's first parse shifts its schedule against the others'; without a wall-clock zero, by how
 * far the run clock had run when the coordinator sent the message.
 *
 * @param profile          the whole run's rate over time (every worker gets the same)
 * @param arrivals         even or Poisson
 * @param fraction         this worker's part of the rate, in (0, 1]
 * @param phase            where in the worker's first gap its first iteration falls, in [0, 1):
 *                         worker i of n gets i/n, so the workers interleave
 * @param fromNanos        the run time from which this slice applies (the previous one until then)
 * @param runElapsedNanos  the run time when the coordinator sent this message
 * @param maxInFlight      this worker's part of the in-flight cap
 * @param maxQueue         this worker's part of the waiting-iteration bound
 * @param workerIndex      this worker's position, for its random seed
 * @param startEpochMillis the run clock's zero on the wall clock; 0: anchor by {@code runElapsedNanos}
 */
public record OpenShare(RateProfile profile, Arrivals arrivals, double fraction, double phase, long fromNanos,
                        long runElapsedNanos, int maxInFlight, int maxQueue, int workerIndex, long startEpochMillis) {

    /** The monotonic time ({@code System.nanoTime()}) of the run clock's zero, for a share received at {@code receivedNanos}. */
    public long zeroNanos(long receivedNanos) {
        if (startEpochMillis > 0) {
            return System.nanoTime() - (System.currentTimeMillis() - startEpochMillis) * 1_000_000L;
        }
        return receivedNanos - runElapsedNanos;
    }

    /** This slice with another in-flight cap (a worker that can hold fewer concurrent iterations). */
    public OpenShare withMaxInFlight(int cap) {
        return new OpenShare(profile, arrivals, fraction, phase, fromNanos, runElapsedNanos, cap, maxQueue, workerIndex,
                startEpochMillis);
    }
}
