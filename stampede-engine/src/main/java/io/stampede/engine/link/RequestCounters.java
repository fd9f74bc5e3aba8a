package io.stampede.engine.link;

import java.util.concurrent.atomic.LongAdder;

import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.step.SampleRecorder;
import io.stampede.engine.template.EnvironmentValues;

/** Requests and failures since the worker started, across runs: its metrics. Thread-safe. */
final class RequestCounters {

    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /** Records into a run's stats and counts here. */
    SampleRecorder countingInto(StatsRecorder stats) {
        return (method, name, micros, length, error) -> {
            requests.increment();
            if (error != null) {
                failures.increment();
            }
            // Failure texts go to the coordinator, its UI and reports: no environment value in them.
            stats.record(method, name, micros, length, EnvironmentValues.redact(error));
        };
    }

    long requests() {
        return requests.sum();
    }

    long failures() {
        return failures.sum();
    }
}
