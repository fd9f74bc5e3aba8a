package io.stampede.coordinator.run;

import java.time.Duration;

import io.stampede.core.load.LoadModel;

/**
 * One run's parameters as they are now (a /swarm during the run replaces its load).
 *
 * @param id              unique run id, carried by StartLoad and every StatsReport
 * @param scenario        what the users do
 * @param host            base URL for relative paths (--host or the API's host over the scenario's)
 * @param load            the workload model: users (closed) or an arrival rate (open), across all workers
 * @param runTime         stop after this long; null: until stopped (or, for a bounded rate profile, its end)
 * @param startedAtMillis when the run started
 * @param startedAtNanos  {@code System.nanoTime()} when the run started: zero of the run clock the
 *                        open model's schedule is written on
 */
public record Run(String id, ScenarioSource scenario, String host, LoadModel load, Duration runTime,
                  long startedAtMillis, long startedAtNanos) {

    /** Target users of the closed model; 0 for the open model (its users are the iterations in flight). */
    public int users() {
        return load instanceof LoadModel.Closed closed ? closed.users() : 0;
    }

    /** Users started per second of the closed model; 0 for the open model. */
    public double spawnRate() {
        return load instanceof LoadModel.Closed closed ? closed.spawnRate() : 0;
    }

    /** The arrival rate asked for now (iterations per second across all workers); 0 for the closed model. */
    public double requestedRate(long nowNanos) {
        return load instanceof LoadModel.Open open ? open.profile().rateAt(nowNanos - startedAtNanos) : 0;
    }

    Run withLoad(LoadModel newLoad) {
        return new Run(id, scenario, host, newLoad, runTime, startedAtMillis, startedAtNanos);
    }

    /** The open model's schedule starts at {@code nanos} ({@code System.nanoTime()}). */
    Run withClockAt(long nanos) {
        return new Run(id, scenario, host, load, runTime, startedAtMillis, nanos);
    }

    Run withRunTime(Duration newRunTime) {
        return new Run(id, scenario, host, load, newRunTime, startedAtMillis, startedAtNanos);
    }
}
