package io.stampede.engine.link;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.WorkerState;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.ArrivalPopulation;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.Population;
import io.stampede.engine.RunSpec;
import io.stampede.engine.UserPopulation;
import io.stampede.engine.step.SampleRecorder;

import reactor.core.Disposable;

/**
 * One run hosted by the worker: its users, its recorder and its report sequence. Mutated on the
 * worker's control thread only; {@link #stopping} is read by others.
 */
final class HostedRun {

    final String runId;
    final Population population;
    private final StatsRecorder stats;
    private long sequence;
    volatile boolean stopping;
    /** The every-second report, on the wall clock's seconds; null until scheduled. */
    Disposable reporter;

    private HostedRun(String runId, Population population, StatsRecorder stats) {
        this.runId = runId;
        this.population = population;
        this.stats = stats;
    }

    /**
     * Starts the run {@code start} describes: the scenario text parsed (none: {@code GET /} on the
     * host), users spawned on the engine, recording through {@code recorder} into {@code stats}.
     *
     * @throws RuntimeException when the scenario does not parse or cannot run here; nothing started then
     */
    static HostedRun start(LoadEngine engine, StartLoad start, StatsRecorder stats, SampleRecorder recorder) {
        // Taken before parsing and compiling: the open model's run clock is anchored to when the
        // share arrived, not to when this worker was ready (which a cold JVM takes a while to be).
        long receivedNanos = System.nanoTime();
        Scenario scenario = start.scenarioYaml() == null || start.scenarioYaml().isBlank()
                ? Scenario.defaultScenario(start.host())
                : ScenarioParser.parse(start.scenarioYaml(), start.scenarioName());
        RunSpec spec = new RunSpec(start.runId(), scenario, start.host(), start.userIdOffset(), start.variables(),
                start.workerIndex(), start.workerCount(), start.attachments());
        Population population = start.open() == null
                ? UserPopulation.start(engine, spec, recorder, start.users(), start.spawnRate())
                : ArrivalPopulation.start(engine, spec, recorder, iterationsOf(stats), start.open(), receivedNanos);
        return new HostedRun(start.runId(), population, stats);
    }

    private static ArrivalPopulation.IterationCounter iterationsOf(StatsRecorder stats) {
        return new ArrivalPopulation.IterationCounter() {
            @Override
            public void started() {
                stats.iterationStarted();
            }

            @Override
            public void dropped() {
                stats.iterationDropped();
            }

            @Override
            public void noticedLate(long lagNanos) {
                stats.scheduleLag(lagNanos / 1000);
            }
        };
    }

    /**
     * A new share of this run (a worker joined or left, the user edited the load). A share of the
     * other workload model than the run's cannot be applied in place.
     *
     * @return a description for the log
     */
    String adjust(StartLoad start) {
        return switch (population) {
            case UserPopulation users when start.open() == null -> {
                users.adjust(start.users(), start.spawnRate());
                yield start.users() + " users at " + start.spawnRate() + "/s";
            }
            case ArrivalPopulation arrivals when start.open() != null -> {
                arrivals.reshare(start.open());
                yield "a " + String.format(java.util.Locale.ROOT, "%.3f", start.open().fraction()) + " slice of the rate";
            }
            default -> throw new IllegalArgumentException("run " + runId + " cannot switch its workload model while running");
        };
    }

    /** The only report of a run that could not start: one {@code START} failure saying why, last. */
    static StatsReport refusal(String workerId, StartLoad start, RuntimeException reason) {
        StatsRecorder stats = new StatsRecorder();
        stats.record("START", start.scenarioName() == null ? "scenario" : start.scenarioName(), 0, 0,
                "scenario refused by worker " + workerId + ": " + reason.getMessage());
        return new StatsReport(workerId, start.runId(), 1, stats.drain(), true);
    }

    /**
     * The next report: everything recorded since the previous one, numbered in sequence.
     *
     * @param histograms the encoding the coordinator reads ({@link LinkClient#histogramEncoding()})
     */
    StatsReport report(String workerId, boolean last, io.stampede.core.stats.HistogramCodec.Encoding histograms) {
        sequence++;
        return new StatsReport(workerId, runId, sequence, stats.drain(histograms), last);
    }

    long sequence() {
        return sequence;
    }

    /** Stops the users gracefully; completes when all have finished, or after {@code limit}. */
    CompletableFuture<Void> stop(Duration limit) {
        stopping = true;
        return population.stop().completeOnTimeout(null, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No more reports, users stopping (at their next step boundary, or cut after the grace). */
    void halt() {
        stopping = true;
        if (reporter != null) {
            reporter.dispose();
        }
        population.stop();
    }

    WorkerState state() {
        if (stopping) {
            return WorkerState.STOPPING;
        }
        return population.isSpawning() ? WorkerState.SPAWNING : WorkerState.RUNNING;
    }
}
