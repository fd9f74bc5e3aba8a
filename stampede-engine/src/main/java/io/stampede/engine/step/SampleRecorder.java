package io.stampede.engine.step;

/**
 * Where steps record what they measured: one call per request (or DNS lookup, Kubernetes
 * call...). Implementations are thread-safe; the worker passes
 * {@code io.stampede.core.stats.StatsRecorder::record}.
 */
@FunctionalInterface
public interface SampleRecorder {

    /**
     * @param method             e.g. GET, DNS
     * @param name               the stats row
     * @param responseTimeMicros from request start to the full response received
     * @param contentLength      bytes of the response body
     * @param error              null for a success, else a stable text that groups failures
     */
    void record(String method, String name, long responseTimeMicros, long contentLength, String error);
}
