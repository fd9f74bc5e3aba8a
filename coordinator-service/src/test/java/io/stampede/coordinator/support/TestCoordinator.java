package io.stampede.coordinator.support;

import java.time.Duration;

import io.stampede.coordinator.api.RunLimits;
import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.coordinator.link.LinkServer;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.ScenarioSource;

/** Link server and run state machine on a free port, without Spring (fast, for link/run tests). */
public final class TestCoordinator implements AutoCloseable {

    public static final String TOKEN = "test-token-123";
    /** application.yaml's limits, for controllers built without Spring. */
    public static final RunLimits LIMITS = new RunLimits(100_000, 10_000, Duration.ofDays(7), 2048,
            org.springframework.util.unit.DataSize.ofKilobytes(64), org.springframework.util.unit.DataSize.ofMegabytes(1));

    public final CoordinatorProperties properties;
    public final WorkerRegistry registry = new WorkerRegistry();
    public final RunCoordinator run;
    public final LinkServer link;

    public TestCoordinator(Duration workerTimeout) {
        properties = new CoordinatorProperties(
                new CoordinatorProperties.Link("127.0.0.1", 0, "/link", TOKEN, 16 * 1024 * 1024),
                Duration.ofMillis(200), workerTimeout, Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofSeconds(2), "", false, false);
        run = new RunCoordinator(registry, properties, ScenarioSource.defaultScenario("http://127.0.0.1:9"), null);
        link = new LinkServer(properties, registry, run);
        link.start();
    }

    public LinkTestWorker worker(String id) {
        return LinkTestWorker.connect(id, link.port(), TOKEN);
    }

    @Override
    public void close() {
        link.stop();
        run.close();
    }
}
