package io.stampede.worker;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.stampede.engine.link.Worker;

/**
 * Connects the worker when the application is up and, on shutdown (SIGTERM, scale-in), stops
 * its users, sends the last stats report and {@code WorkerBye} before the process exits.
 */
@Component
public class WorkerLifecycle implements SmartLifecycle {

    private final Worker worker;
    private volatile boolean running;

    public WorkerLifecycle(WorkerProperties properties) {
        this.worker = new Worker(properties.toSettings());
    }

    public Worker worker() {
        return worker;
    }

    @Override
    public void start() {
        worker.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        worker.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
