package io.stampede.worker;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stampede.engine.EngineHealth;

/**
 * The load generator's own health on /actuator/prometheus, beside the JVM's {@code process_cpu_usage}
 * and {@code jvm_memory_used_bytes{area="heap"}}: {@code stampede_worker_connections_open},
 * {@code stampede_worker_http_received_bytes_total}, {@code stampede_worker_event_loop_lag_seconds} and {@code stampede_worker_event_loops}. A lagging
 * loop or a saturated CPU means the recorded response times include the generator's own delay.
 */
@Component
public class EngineHealthMetrics implements MeterBinder {

    private final EngineHealth health;

    public EngineHealthMetrics(WorkerLifecycle lifecycle) {
        this.health = lifecycle.worker().engineHealth();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("stampede.worker.connections.open", health, EngineHealth::openConnections)
                .description("HTTP connections the virtual users hold open (or are opening)").register(registry);
        FunctionCounter.builder("stampede.worker.http.received", health, EngineHealth::bodyBytesReceived)
                .baseUnit("bytes")
                .description("Response body bytes received on the wire (compressed bodies before decompression)")
                .register(registry);
        Gauge.builder("stampede.worker.event.loop.lag", health, EngineHealth::eventLoopLagSeconds)
                .baseUnit("seconds")
                .description("How late the slowest event loop ran its latest due task").register(registry);
        Gauge.builder("stampede.worker.event.loops", health, EngineHealth::eventLoops)
                .description("Event loops shared by the virtual users and their HTTP I/O").register(registry);
        FunctionCounter.builder("stampede.worker.loop.batch.waits", health, EngineHealth::batchWaits)
                .description("Times an io_uring event loop slept for a batch of responses (stampede.worker.batch-wait)")
                .register(registry);
        FunctionCounter.builder("stampede.worker.loop.batch.timeouts", health, EngineHealth::batchWaitsTimedOut)
                .description("Batch waits that ran out of time before their batch was there: responses too slow to batch")
                .register(registry);
    }
}
