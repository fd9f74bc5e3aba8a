package io.stampede.coordinator.experiment.suite;

import java.time.Duration;

/**
 * A suite's {@code defaults:}: values each test takes unless it sets its own. Null: no default.
 */
record TestDefaults(Double qps, Duration duration, Integer connections, Duration warmUp, Integer repeats,
                    Duration coolDown, Duration step) {

    static final TestDefaults NONE = new TestDefaults(null, null, null, null, null, null, null);
    /** Prometheus range-query step without one in the test or the defaults (the harness's). */
    static final Duration DEFAULT_STEP = Duration.ofSeconds(10);
}
