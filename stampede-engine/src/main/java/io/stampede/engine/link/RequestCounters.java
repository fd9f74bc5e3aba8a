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
        return new SampleRecorder() {
            @Override
            public void record(String method, String name, long micros, long length, String error) {
                record(method, name, micros, micros, length, error);
            }

            @Override
            public void record(String method, String name, long micros, long correctedMicros, long length,
                               String error) {
                requests.increment();
                if (error != null) {
                    failures.increment();
                }
                // Failure texts go to the coordinator, its UI and reports: no environment value in them.
                stats.record(method, name, micros, correctedMicros, length, EnvironmentValues.redact(error));
            }
        };
    }

    long requests() {
        return requests.sum();
    }

    long failures() {
        return failures.sum();
    }
}
