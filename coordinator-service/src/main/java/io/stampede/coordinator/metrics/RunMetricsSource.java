package io.stampede.coordinator.metrics;

/**
 * What the run metrics are computed from: the coordinator's merged view of the run, read at once
 * on every scrape. Kept this narrow so the metrics don't depend on how the run is driven.
 */
@FunctionalInterface
public interface RunMetricsSource {

    /** The view as it is now; the stats and the run it names belong together. */
    RunMetricsView read();
}
