package io.stampede.worker;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stampede.engine.link.Worker;

/** {@code stampede_worker_*} meters on /actuator/prometheus. */
@Component
public class WorkerMetrics implements MeterBinder {

    private final Worker worker;

    public WorkerMetrics(WorkerLifecycle lifecycle) {
        this.worker = lifecycle.worker();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("stampede.worker.users", worker, Worker::userCount)
                .description("Virtual users running on this worker").register(registry);
        FunctionCounter.builder("stampede.worker.requests", worker, Worker::requestCount)
                .description("Requests sent since the worker started").register(registry);
        FunctionCounter.builder("stampede.worker.failures", worker, Worker::failureCount)
                .description("Failed requests since the worker started").register(registry);
        Gauge.builder("stampede.worker.link.connected", worker, w -> w.isConnected() ? 1 : 0)
                .description("1 while the link to the coordinator is up").register(registry);
    }
}
