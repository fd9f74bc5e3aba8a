package io.stampede.coordinator.experiment.search;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.core.load.Arrivals;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.RateShape;
import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.StatsSnapshot;

/**
 * A capacity-search step as a real run: one open-model run of the coordinator's scenario at
 * a constant {@code rate} for {@code hold} (the bounded profile ends the run by itself), on
 * the connected workers, measured by the run's Aggregated row. The achieved rate is the
 * iterations started over the hold (as the run summary counts them): iterations dropped at the
 * in-flight cap, or a generator that fell behind, lower it. Needs the coordinator to itself:
 * a step refuses to start while another run is active.
 */
public final class CoordinatorRateProbe implements RateProbe {

    /**
     * @param host        the target's base URL; null: the launch's host
     * @param arrivals    evenly spaced (the default: a knee shows sharply) or Poisson
     * @param maxInFlight the open model's in-flight cap across workers
     * @param maxQueue    iterations waiting for a slot before one is dropped
     * @param stopTimeout how long after the hold a step may take to stop (last reports, teardown)
     */
    public record Options(String host, Arrivals arrivals, int maxInFlight, int maxQueue, Duration stopTimeout) {

        public Options {
            Objects.requireNonNull(arrivals, "arrivals");
            Objects.requireNonNull(stopTimeout, "stopTimeout");
        }

        /** Even arrivals, the open model's default caps, 30 s to stop. */
        public static Options defaults(String host) {
            return new Options(host, Arrivals.EVEN, LoadModel.Open.DEFAULT_MAX_IN_FLIGHT, LoadModel.Open.DEFAULT_MAX_QUEUE,
                    Duration.ofSeconds(30));
        }
    }

    private final RunCoordinator run;
    private final Options options;

    public CoordinatorRateProbe(RunCoordinator run, Options options) {
        this.run = Objects.requireNonNull(run, "run");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public ProbeResult probe(double rate, Duration hold) throws Exception {
        CompletableFuture<Run> done;
        synchronized (run) { // no other command between the check, the start and taking this run's future
            if (run.state().isActive()) {
                throw new IllegalStateException("a run is already active (" + run.state()
                        + "): a capacity search needs the coordinator to itself");
            }
            LoadModel.Open load = new LoadModel.Open(new RateShape.Constant(rate, hold), options.arrivals(),
                    options.maxInFlight(), options.maxQueue());
            run.swarm(new SwarmCommand(load, options.host(), null));
            done = run.completion();
        }
        try {
            done.get(hold.plus(options.stopTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.stop();
            throw new IllegalStateException("the step at " + rate + "/s did not end within " + hold.toSeconds() + " s + "
                    + options.stopTimeout().toSeconds() + " s", e);
        }
        String error = run.runError();
        if (error != null) {
            throw new IllegalStateException("the step at " + rate + "/s failed: " + error);
        }
        return measured(rate, hold, run.snapshot());
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
