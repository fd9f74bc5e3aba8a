package io.stampede.coordinator.run;

import java.util.List;
import java.util.Map;

import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.report.RunStatusView;
import io.stampede.core.stats.StatsSnapshot;

/**
 * What the run tells its observers (live feed, history, console, headless run), published by
 * {@link RunCoordinator} through {@link RunEvents}: observers follow these instead of polling
 * the state machine on clocks of their own.
 */
public sealed interface RunEvent {

    /** A new run began (a /swarm during a run changes its load and publishes no new start). */
    record Started(Run run) implements RunEvent {
    }

    /**
     * The run clock's beat, once a second in every state (also before the first run and after
     * the last), with everything a live view shows.
     *
     * @param epochMillis when it was taken
     * @param run         the current or last run; null before the first
     * @param state       the run's state
     * @param snapshot    the run's stats
     * @param status      state, users and worker rows as Locust's document shows them
     * @param runError    why the run failed before its users started (setup); null when it did not
     * @param workers     connected and missing workers, read at once
     */
    record Tick(long epochMillis, Run run, RunState state, StatsSnapshot snapshot, RunStatusView status,
                String runError, WorkerRegistry.Listing workers) implements RunEvent {
    }

    /**
     * A worker joined or left; during a run its load was redistributed.
     *
     * @param run       the current or last run; null before the first
     * @param connected the connected worker ids, in join order
     * @param shares    each participating worker's share of the active run; empty when none is active
     */
    record WorkersChanged(Run run, List<String> connected, Map<String, LoadShare> shares) implements RunEvent {

        public WorkersChanged {
            connected = List.copyOf(connected);
            shares = Map.copyOf(shares);
        }
    }

    /**
     * The run reached stopped, its teardown and cleanup done: the results are final.
     *
     * @param run     the run as it ended
     * @param results its final stats, history and status, the input of every published form
     */
    record Stopped(Run run, RunResults results) implements RunEvent {

        public StatsSnapshot snapshot() {
            return results.snapshot();
        }

        /** Why the run failed before its users started, e.g. {@code setup: ...}; null when users ran. */
        public String runError() {
            return results.runError();
        }
    }
}
