package io.stampede.coordinator.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import io.stampede.core.scenario.Step;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.template.EnvironmentValues;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.StepsOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scenario's {@code setup} and {@code teardown}, each run exactly once per run, here, on an
 * engine this coordinator owns (created on the first run that has either, closed with it). Their
 * requests go to the run's stats through {@code ownStats}, before the returned futures complete.
 *
 * <p>Setup runs before any StartLoad is sent; its extracted variables travel in every StartLoad
 * (rebalances and late joiners included). A failed setup ends the run at once and no user
 * starts. Teardown runs once after the run stopped, with the setup variables; the run's
 * completion and {@link RunEvent.Stopped} come only after it and the engine's cleanup of the run.
 */
final class SetupTeardown implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SetupTeardown.class);

    private final boolean insecureTls;
    /** (run id, delta) of the coordinator's own requests. */
    private final BiConsumer<String, StatsDelta> ownStats;
    private final AtomicReference<String> lastSetupError = new AtomicReference<>();
    private LoadEngine engine;
    /** The current run's setup: null when it has none. */
    private CompletableFuture<StepsOutcome> currentSetup;

    /** How a run's setup ended: the variables its users see, or why it failed (then variables are null). */
    record SetupResult(Map<String, String> variables, String failure) {
    }

    /** Told (on the executor given to {@link #beginSetup}) how the setup of a run ended. */
    interface SetupListener {
        void setupFinished(String runId, SetupResult result);
    }

    SetupTeardown(boolean insecureTls, BiConsumer<String, StatsDelta> ownStats) {
        this.insecureTls = insecureTls;
        this.ownStats = ownStats;
    }

    /**
     * A new run: starts its scenario's setup, if it has one, and tells {@code listener} on
     * {@code executor} how it ended.
     *
     * @return true when a setup started (no StartLoad may go out until the listener heard of it)
     */
    synchronized boolean beginSetup(Run run, Executor executor, SetupListener listener) {
        currentSetup = null;
        if (run.scenario().scenario().setup().isEmpty()) {
            return false;
        }
        currentSetup = setup(run);
        currentSetup.whenCompleteAsync((outcome, error) -> listener.setupFinished(run.id(),
                outcome != null && outcome.success()
                        ? new SetupResult(variablesAfter(run, outcome), null)
                        : new SetupResult(null, failure(error))), executor);
        return true;
    }

    /** Starts the run's setup off the caller's thread; never throws (a failure completes the future). */
    private CompletableFuture<StepsOutcome> setup(Run run) {
        lastSetupError.set(null);
        try {
            return runSteps(run, "setup", run.scenario().scenario().setup(), Map.of());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** What a run's users see after its setup succeeded: the scenario's variables plus setup's extractions. */
    private static Map<String, String> variablesAfter(Run run, StepsOutcome setup) {
        Map<String, String> merged = new LinkedHashMap<>(run.scenario().scenario().variables());
        merged.putAll(setup.variables());
        return Map.copyOf(merged);
    }

    /** Why a setup failed, for {@code run_error}: its exception, else its first failed request. */
    private String failure(Throwable error) {
        if (error != null) {
            return rootMessage(error);
        }
        return lastSetupError.get() != null ? lastSetupError.get() : "a step failed";
    }

    /**
     * After the run stopped: its teardown (only when setup succeeded, with setup's variables),
     * then the engine's cleanup of the run ({@link LoadEngine#runFinished(String)}).
     *
     * @param variables the run's variables when it had no setup
     * @return completes true when done, false at once when no setup/teardown ever ran here
     *         (nothing to tear down or clean up)
     */
    CompletableFuture<Boolean> finish(Run stopped, Map<String, String> variables) {
        CompletableFuture<StepsOutcome> setup;
        synchronized (this) {
            setup = currentSetup;
        }
        LoadEngine owned = currentEngine();
        if (owned == null) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Map<String, String>> teardownVariables = setup == null
                ? CompletableFuture.completedFuture(variables)
                : setup.handle((outcome, error) -> outcome != null && outcome.success() ? outcome.variables() : null);
        List<Step> teardown = stopped.scenario().scenario().teardown();
        return teardownVariables.thenCompose(vars -> vars == null || teardown.isEmpty()
                        ? CompletableFuture.<StepsOutcome>completedFuture(null)
                        : runSteps(stopped, "teardown", teardown, vars))
                .handle((outcome, error) -> {
                    if (error != null || (outcome != null && !outcome.success())) {
                        log.warn("Run {}: teardown failed: {}", stopped.id(), error != null ? error.toString() : "a step failed");
                    }
                    return null;
                })
                // runFinished blocks while Kubernetes objects are deleted: not on an event loop.
                .thenRunAsync(() -> owned.runFinished(stopped.id()), Thread.ofVirtual().name("run-finished")::start)
                .handle((ignored, error) -> {
                    if (error != null) {
                        log.warn("Run {}: cleanup failed", stopped.id(), error);
                    }
                    return true;
                });
    }

    /** Runs steps once as a single user; the future completes after their stats went to {@code ownStats}. */
    private CompletableFuture<StepsOutcome> runSteps(Run run, String block, List<Step> steps,
                                                     Map<String, String> variables) {
        StatsRecorder stats = new StatsRecorder();
        RunSpec spec = new RunSpec(run.id(), run.scenario().scenario(), run.host(), 0, variables);
        return engine().runOnce(spec, steps, (method, name, micros, length, rawError) -> {
            String error = EnvironmentValues.redact(rawError); // shown in the UI and reports
            stats.record(method, name, micros, length, error);
            if (error != null && block.equals("setup")) {
                lastSetupError.compareAndSet(null, method + " " + name + ": " + error);
            }
        }).whenComplete((outcome, error) -> ownStats.accept(run.id(), stats.drain()));
    }

    private synchronized LoadEngine engine() {
        if (engine == null) {
            engine = new LoadEngine(new EngineSettings(1, 64, null, null, insecureTls));
        }
        return engine;
    }

    private synchronized LoadEngine currentEngine() {
        return engine;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause instanceof CompletionException || cause instanceof ExecutionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    @Override
    public void close() {
        LoadEngine owned;
        synchronized (this) {
            owned = engine;
            engine = null;
        }
        if (owned != null) {
            owned.close();
        }
    }
}
