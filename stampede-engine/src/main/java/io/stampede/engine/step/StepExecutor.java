package io.stampede.engine.step;

import io.stampede.core.scenario.Step;

/**
 * Knows how to run one kind of {@link Step}. Registered once in {@link StepExecutors}; the
 * engine asks it to compile each step of that type once per scenario (templates, patterns,
 * JSONPaths are prepared then, not per request).
 */
public interface StepExecutor<S extends Step> extends AutoCloseable {

    Class<S> stepType();

    /**
     * @throws RuntimeException with a readable message when the step cannot run (bad template...)
     */
    ExecutableStep compile(S step, StepCompiler compiler);

    /**
     * A run finished on this engine: release or delete what the executor made for it (the k8s
     * executor deletes the objects the run created). Called once per run, off the event loops.
     */
    default void runFinished(String runId) {
    }

    /** Releases what the executor holds (clients, resolvers); called when the engine closes. */
    @Override
    default void close() {
    }
}
