package io.stampede.coordinator.run;

import java.util.List;

import io.stampede.core.load.LoadModel;

/**
 * Turns the load a run asks for into one share per worker: the seam where a workload model
 * plugs in. Each model of the sealed {@link LoadModel} has its division: users for the closed
 * model ({@link LoadDistribution}), slices of the rate for the open one ({@link RateDistribution}).
 */
@FunctionalInterface
public interface LoadDistributor {

    /**
     * How long ahead a re-division of the rate takes effect when a worker joins or the load
     * changes: every worker must have its new slice before the switch, or the ones still on the
     * old slice and the ones on the new would both start the same iterations. When a worker
     * leaves, the others take over at once (lead 0) and catch up what it left undone.
     */
    long HANDOVER_LEAD_NANOS = 250_000_000L;

    /** The division of every model Stampede has. */
    LoadDistributor STANDARD = (run, workerIds, nowNanos, leadNanos) -> switch (run.load()) {
        case LoadModel.Closed closed -> LoadDistribution.divide(closed.users(), closed.spawnRate(), workerIds);
        case LoadModel.Open open -> {
            long elapsed = nowNanos - run.startedAtNanos();
            // The clock's zero on the wall clock, from the same two readings of now.
            long startEpochMillis = System.currentTimeMillis() - Math.floorDiv(elapsed, 1_000_000L);
            yield RateDistribution.divide(open, workerIds, Math.max(0, elapsed + leadNanos), elapsed, startEpochMillis);
        }
    };

    /**
     * @param run       the run with the load it asks for now
     * @param workerIds the connected workers in join order
     * @param nowNanos  {@code System.nanoTime()} now
     * @param leadNanos how far ahead of now new rate slices take effect
     * @return one share per worker, in the order of {@code workerIds}
     */
    List<LoadShare> divide(Run run, List<String> workerIds, long nowNanos, long leadNanos);
}
