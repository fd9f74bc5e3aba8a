package io.stampede.coordinator.experiment.search;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.core.load.Arrivals;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.RateShape;
import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.StatsSnapshot;
import reactor.core.Disposable;

/**
 * A capacity-search step as a real run: one open-model run of a scenario at a constant
 * {@code rate} for {@code hold} (the bounded profile ends the run by itself), on the connected
 * workers, measured by the run's Aggregated row. The achieved rate is the iterations started
 * over the hold (as the run summary counts them): iterations dropped at the in-flight cap, or a
 * generator that fell behind, lower it. Needs the coordinator to itself: a step refuses to start
 * while another run is active. {@link #lastStep()} is the last step's final results, for a
 * caller that records each step like a run.
 */
public final class CoordinatorRateProbe implements RateProbe {

    /**
     * @param host        the target's base URL; null: the scenario's (or the launch's) host
     * @param scenario    what each step runs; null: the coordinator's launch scenario
     * @param arrivals    evenly spaced (the default: a knee shows sharply) or Poisson
     * @param maxInFlight the open model's in-flight cap across workers
     * @param maxQueue    iterations waiting for a slot before one is dropped
     * @param stopTimeout how long after the hold a step may take to stop (last reports, teardown)
     */
    public record Options(String host, ScenarioSource scenario, Arrivals arrivals, int maxInFlight, int maxQueue,
                          Duration stopTimeout) {

        public Options {
            Objects.requireNonNull(arrivals, "arrivals");
            Objects.requireNonNull(stopTimeout, "stopTimeout");
        }

        /** The launch scenario, even arrivals, the open model's default caps, 30 s to stop. */
        public static Options defaults(String host) {
            return new Options(host, null, Arrivals.EVEN, LoadModel.Open.DEFAULT_MAX_IN_FLIGHT,
                    LoadModel.Open.DEFAULT_MAX_QUEUE, Duration.ofSeconds(30));
        }

        public Options withScenario(ScenarioSource newScenario) {
            return new Options(host, newScenario, arrivals, maxInFlight, maxQueue, stopTimeout);
        }

        public Options withMaxInFlight(int newMaxInFlight) {
            return new Options(host, scenario, arrivals, newMaxInFlight, maxQueue, stopTimeout);
        }
    }

    private final RunCoordinator run;
    private final Options options;
    private final BooleanSupplier stopped;
    private volatile RunEvent.Stopped lastStep;

    public CoordinatorRateProbe(RunCoordinator run, Options options) {
        this(run, options, () -> false);
    }

    /**
     * @param stopped true once the search is to end: the step under way is cut short by whoever
     *                stops the run, the next one throws {@link SearchStoppedException}
     */
    public CoordinatorRateProbe(RunCoordinator run, Options options, BooleanSupplier stopped) {
        this.run = Objects.requireNonNull(run, "run");
        this.options = Objects.requireNonNull(options, "options");
        this.stopped = Objects.requireNonNull(stopped, "stopped");
    }

    /** The final results of the last step run; null before the first. */
    public RunEvent.Stopped lastStep() {
        return lastStep;
    }

    @Override
    public ProbeResult probe(double rate, Duration hold) throws Exception {
        if (stopped.getAsBoolean()) {
            throw new SearchStoppedException("stopped before the step at " + rate + "/s");
        }
        CompletableFuture<RunEvent.Stopped> done = new CompletableFuture<>();
        String[] id = new String[1];
        // subscribed before the start, so the step's Stopped cannot pass unseen
        Disposable events = run.events().subscribe("capacity-search", event -> {
            if (event instanceof RunEvent.Stopped end) {
                synchronized (id) {
                    if (end.run().id().equals(id[0])) {
                        done.complete(end);
                    }
                }
            }
        });
        try {
            synchronized (run) { // no other command between the check and the start
                if (run.state().isActive()) {
                    throw new IllegalStateException("a run is already active (" + run.state()
                            + "): a capacity search needs the coordinator to itself");
                }
                LoadModel.Open load = new LoadModel.Open(new RateShape.Constant(rate, hold), options.arrivals(),
                        options.maxInFlight(), options.maxQueue());
                SwarmCommand command = new SwarmCommand(load, options.host(), null);
                String started = (options.scenario() == null ? run.swarm(command) : run.swarm(command, options.scenario())).id();
                synchronized (id) {
                    id[0] = started;
                }
            }
            if (stopped.getAsBoolean()) {
                run.stop(); // stopped between the check and the start
            }
            RunEvent.Stopped end;
            try {
                end = done.get(hold.plus(options.stopTimeout()).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                run.stop();
                throw new IllegalStateException("the step at " + rate + "/s did not end within " + hold.toSeconds() + " s + "
                        + options.stopTimeout().toSeconds() + " s", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the step at " + rate + "/s failed", e.getCause());
            }
            lastStep = end;
            if (end.runError() != null) {
                throw new IllegalStateException("the step at " + rate + "/s failed: " + end.runError());
            }
            return measured(rate, hold, end.snapshot());
        } finally {
            events.dispose();
        }
    }

    /** The step's figures from its final stats; no request at all gives NaN latencies (which break any SLO). */
    static ProbeResult measured(double rate, Duration hold, StatsSnapshot stats) {
        RequestStats total = stats.total();
        double seconds = hold.toNanos() / 1e9;
        double achieved = stats.iterations().started() / seconds;
        if (stats.numRequests() == 0) {
            return new ProbeResult(rate, achieved, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        return new ProbeResult(rate, achieved, total.percentileMillis(0.5), total.percentileMillis(0.99),
                total.correctedPercentileMillis(0.5), total.correctedPercentileMillis(0.99), stats.failRatio());
    }
}
