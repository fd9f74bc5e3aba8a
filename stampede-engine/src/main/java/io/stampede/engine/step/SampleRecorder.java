package io.stampede.engine.step;

/**
 * Where steps record what they measured: one call per request (or DNS lookup, Kubernetes
 * call...). Implementations are thread-safe; the worker passes
 * {@code io.stampede.core.stats.StatsRecorder::record}.
 *
 * <p>Steps measure the service time only; the user they run for knows how late its iteration
 * started (open model, pacing) and adds that for the corrected latency, see
 * {@link #record(String, String, long, long, long, String)}.
 */
@FunctionalInterface
public interface SampleRecorder {

    /**
     * A request with both of its latencies; by default the corrected one is dropped, for sinks
     * that keep only the service time.
     *
     * @param correctedTimeMicros from the request's intended start: its service time plus how
     *                            late its iteration started behind the schedule
     */
    default void record(String method, String name, long responseTimeMicros, long correctedTimeMicros,
                        long contentLength, String error) {
        record(method, name, responseTimeMicros, contentLength, error);
    }

    /** Records both latencies into {@code stats} (a method reference would keep only the service time). */
    static SampleRecorder into(io.stampede.core.stats.StatsRecorder stats) {
        return new SampleRecorder() {
            @Override
            public void record(String method, String name, long micros, long length, String error) {
                stats.record(method, name, micros, length, error);
            }

            @Override
            public void record(String method, String name, long micros, long correctedMicros, long length,
                               String error) {
                stats.record(method, name, micros, correctedMicros, length, error);
            }
        };
    }

    /**
     * @param method             e.g. GET, DNS
     * @param name               the stats row
     * @param responseTimeMicros from request start to the full response received
     * @param contentLength      bytes of the response body
     * @param error              null for a success, else a stable text that groups failures
     */
    void record(String method, String name, long responseTimeMicros, long contentLength, String error);
}
