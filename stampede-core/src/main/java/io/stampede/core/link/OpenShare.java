package io.stampede.core.link;

import io.stampede.core.load.Arrivals;
import io.stampede.core.load.RateProfile;

/**
 * One worker's slice of an open-model run, inside {@link StartLoad}. Times are nanoseconds on
 * the run clock, whose zero is when the load started: the coordinator says how far that clock
 * had run when it sent the message, and the worker anchors its own clock to it once per run,
 * so every worker follows one schedule without trusting wall clocks to agree.
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
 */
public record OpenShare(RateProfile profile, Arrivals arrivals, double fraction, double phase, long fromNanos,
                        long runElapsedNanos, int maxInFlight, int maxQueue, int workerIndex) {
}
