package io.stampede.worker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.stampede.engine.link.Worker;

/**
 * Always UP: a worker waiting for its coordinator is healthy (restarting it would not help).
 * The link state is a detail, for people and dashboards.
 */
@Component("link")
public class LinkHealthIndicator implements HealthIndicator {

    private final Worker worker;

    public LinkHealthIndicator(WorkerLifecycle lifecycle) {
        this.worker = lifecycle.worker();
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("coordinator", worker.settings().coordinator().toString())
                .withDetail("workerId", worker.workerId())
                .withDetail("link", worker.isConnected() ? "connected" : "connecting")
                .withDetail("state", worker.state().wireName())
                .withDetail("users", worker.userCount());
        String runId = worker.runId();
        if (runId != null) {
            health.withDetail("runId", runId);
        }
        return health.build();
    }
}
