package io.stampede.coordinator.metrics;

import java.util.Optional;

import io.stampede.coordinator.run.RunState;
import io.stampede.core.stats.StatsSnapshot;

/**
 * The merged run view one scrape exports.
 *
 * @param run              the current or last run; empty before the first one (then {@code stats} is empty too)
 * @param state            the run state machine's state
 * @param users            users alive across every worker, as their heartbeats say
 * @param connectedWorkers workers connected now
 * @param missingWorkers   workers dropped without a bye and still listed as missing
 * @param stats            the run's stats merged over every worker (since the run started or the last reset)
 * @param requestedRate    iterations per second the open model asks for now; 0 for the closed model or no run
 */
public record RunMetricsView(Optional<RunIdentity> run, RunState state, int users, int connectedWorkers,
                             int missingWorkers, StatsSnapshot stats, double requestedRate) {

    /**
     * The labels every per-run series carries.
     *
     * @param id       the run id (a new one per run, so a new run starts new counter series)
     * @param scenario the scenario's name (its file name; "default" for the built-in one)
     */
    public record RunIdentity(String id, String scenario) {
    }
}
