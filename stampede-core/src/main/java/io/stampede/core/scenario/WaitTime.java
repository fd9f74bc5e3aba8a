package io.stampede.core.scenario;

import java.time.Duration;

/** How long a user waits after each task: the closed workload model's think time. */
public sealed interface WaitTime {

    /** No wait: the next task starts as soon as the previous one ends. */
    record None() implements WaitTime {
    }

    /** Always the same pause. */
    record Constant(Duration duration) implements WaitTime {
    }

    /** A uniformly random pause in [min, max]. */
    record Between(Duration min, Duration max) implements WaitTime {
    }

    /**
     * Start a task every {@code interval} (Locust's {@code constant_pacing}): the pause is the
     * interval minus the task's duration, never negative.
     */
    record Pacing(Duration interval) implements WaitTime {
    }
}
