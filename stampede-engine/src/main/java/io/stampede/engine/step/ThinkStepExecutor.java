package io.stampede.engine.step;

import java.util.concurrent.ThreadLocalRandom;

import io.stampede.core.scenario.ThinkStep;

/** A pause inside a task, scheduled on the user's own event loop (no thread held). */
public final class ThinkStepExecutor implements StepExecutor<ThinkStep> {

    @Override
    public Class<ThinkStep> stepType() {
        return ThinkStep.class;
    }

    @Override
    public ExecutableStep compile(ThinkStep step, StepCompiler compiler) {
        long min = step.min().toNanos();
        long max = step.max() == null ? min : step.max().toNanos();
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("think: min must be >= 0 and <= max, was " + step.min() + ".." + step.max());
        }
        return (user, done) -> {
            long pause = max == min ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
            user.sleep(pause, () -> done.complete(true));
        };
    }
}
