package io.stampede.engine.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.core.scenario.HttpSettings;
import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.read.StepKind;
import io.stampede.core.scenario.read.StepKinds;

/**
 * The registry of step executors by step type, and the compiler that uses it. A step type
 * without an executor makes {@link #compile} fail with {@link UnsupportedStepException}, so a
 * scenario is refused at start instead of silently skipping steps.
 */
public final class StepExecutors implements StepCompiler, AutoCloseable {

    private final Map<Class<?>, StepExecutor<?>> executors;

    private StepExecutors(Map<Class<?>, StepExecutor<?>> executors) {
        this.executors = Map.copyOf(executors);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean supports(Class<? extends Step> stepType) {
        return executors.containsKey(stepType);
    }

    @Override
    public ExecutableStep compile(Step step) {
        return compile(step, this);
    }

    @Override
    public StepSequence compileAll(List<Step> steps) {
        return compileAll(steps, this);
    }

    /** A compiler for a run of a scenario: its steps see the scenario's {@code http:} settings. */
    public StepCompiler forRun(HttpSettings http) {
        return new RunCompiler(http);
    }

    @SuppressWarnings("unchecked")
    private ExecutableStep compile(Step step, StepCompiler compiler) {
        StepExecutor<Step> executor = (StepExecutor<Step>) executors.get(step.getClass());
        if (executor == null) {
            throw new UnsupportedStepException("step kind '" + kindName(step) + "' is not supported by this engine"
                    + " (no executor registered for " + step.getClass().getSimpleName() + ")");
        }
        return executor.compile(step, compiler);
    }

    private static StepSequence compileAll(List<Step> steps, StepCompiler compiler) {
        List<ExecutableStep> compiled = new ArrayList<>(steps.size());
        for (Step step : steps) {
            compiled.add(compiler.compile(step));
        }
        return StepSequence.of(compiled);
    }

    /** The registry's compiler with a run's {@code http:} settings. */
    private final class RunCompiler implements StepCompiler {

        private final HttpSettings http;

        RunCompiler(HttpSettings http) {
            this.http = http;
        }

        @Override
        public ExecutableStep compile(Step step) {
            return StepExecutors.this.compile(step, this);
        }

        @Override
        public StepSequence compileAll(List<Step> steps) {
            return StepExecutors.compileAll(steps, this);
        }

        @Override
        public HttpSettings http() {
            return http;
        }
    }

    /** The YAML key of a step kind, for messages. */
    private static String kindName(Step step) {
        return StepKinds.of(step.getClass()).map(StepKind::name).orElse(step.getClass().getSimpleName());
    }

    /** Tells every executor that a run finished; one failing does not keep the others from cleaning up. */
    public void runFinished(String runId) {
        for (StepExecutor<?> executor : executors.values()) {
            try {
                executor.runFinished(runId);
            } catch (RuntimeException e) {
                FailureLog.warn("cleaning up run " + runId + " in " + executor.stepType().getSimpleName() + " executor failed", e);
            }
        }
    }

    @Override
    public void close() {
        for (StepExecutor<?> executor : executors.values()) {
            try {
                executor.close();
            } catch (RuntimeException e) {
                FailureLog.warn("closing " + executor.stepType().getSimpleName() + " executor failed", e);
            }
        }
    }

    public static final class Builder {

        private final Map<Class<?>, StepExecutor<?>> executors = new LinkedHashMap<>();

        /** Adds or replaces the executor of its step type. */
        public Builder register(StepExecutor<?> executor) {
            executors.put(executor.stepType(), executor);
            return this;
        }

        /** think, loop and if: the control-flow steps that need nothing from outside. */
        public Builder registerControlFlow() {
            return register(new ThinkStepExecutor()).register(new LoopStepExecutor()).register(new IfStepExecutor());
        }

        public StepExecutors build() {
            return new StepExecutors(executors);
        }
    }
}
