package io.stampede.coordinator.run;

import java.util.ArrayList;
import java.util.List;

import io.stampede.core.link.OpenShare;
import io.stampede.core.load.LoadModel;

/**
 * Divides an arrival rate across workers: worker i of n gets the fraction 1/n with phase i/n,
 * so evenly spaced slices interleave into one evenly spaced schedule (and Poisson slices add up
 * to one Poisson process). The cap on iterations in flight and the queue bound are divided too,
 * rounded up so no worker gets 0. Every worker switches to its new slice at the same run time
 * {@code fromNanos}, which keeps the total on schedule across joins and leaves.
 */
public final class RateDistribution {

    private RateDistribution() {
    }

    /**
     * @param fromNanos       run time from which the slices apply
     * @param runElapsedNanos run time now (when the shares are sent)
     * @param startEpochMillis the run clock's zero on the wall clock
     */
    public static List<LoadShare> divide(LoadModel.Open load, List<String> workerIds, long fromNanos,
                                         long runElapsedNanos, long startEpochMillis) {
        int n = workerIds.size();
        List<LoadShare> shares = new ArrayList<>(n);
        if (n == 0) {
            return List.of();
        }
        int inFlight = (int) Math.ceil((double) load.maxInFlight() / n);
        int queue = (int) Math.ceil((double) load.maxQueue() / n);
        for (int i = 0; i < n; i++) {
            OpenShare open = new OpenShare(load.profile(), load.arrivals(), 1.0 / n, (double) i / n, fromNanos,
                    runElapsedNanos, inFlight, queue, i, startEpochMillis);
            // Each worker numbers at most its cap of users: offsets by the cap keep ${user.id} unique.
            shares.add(new LoadShare(workerIds.get(i), i, n, 0, 0, (long) i * inFlight, open));
        }
        return List.copyOf(shares);
    }
}
