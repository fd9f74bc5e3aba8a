package io.stampede.coordinator.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.stampede.coordinator.api.RunLimits;
import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.coordinator.link.LinkServer;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.engine.link.WorkerSettings;
import reactor.core.Disposable;

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

    /** Settings of a real worker ({@code Worker}) that links to the coordinator whose link listens on {@code linkPort}, with its token. */
    public static WorkerSettings workerSettings(int linkPort) {
        return WorkerSettings.of("ws://127.0.0.1:" + linkPort + "/link", TOKEN);
    }

    public LinkTestWorker worker(String id) {
        return LinkTestWorker.connect(id, link.port(), TOKEN);
    }

    /**
     * A worker the run knows of: connected, and its join handled by the run coordinator, which
     * hears of it a moment after the registry does. A run started after this includes the worker
     * exactly once; started in between, it would hand the worker its share twice (at the start,
     * then in the rebalance for the join).
     */
    public LinkTestWorker joinedWorker(String id, Duration timeout) throws InterruptedException {
        CountDownLatch handled = new CountDownLatch(1);
        Disposable watch = run.events().subscribe("join-" + id, event -> {
            if (event instanceof RunEvent.WorkersChanged changed && changed.connected().contains(id)) {
                handled.countDown();
            }
        });
        try {
            LinkTestWorker worker = worker(id);
            if (!handled.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("worker " + id + "'s join not handled by the run within " + timeout);
            }
            return worker;
        } finally {
            watch.dispose();
        }
    }

    @Override
    public void close() {
        link.stop();
        run.close();
    }
}
