package io.stampede.coordinator.link;

import io.stampede.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.support.TargetServer;
import io.stampede.coordinator.support.TcpProxy;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.engine.link.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real workers configured with the same id: the second is refused with a reason, again on
 * every retry, while the first keeps its link and all its users (it used to be knocked off,
 * and to knock the second off in turn, on every reconnect).
 */
class DuplicateWorkerIdTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    TestCoordinator coordinator;
    final List<Worker> workers = new ArrayList<>();

    @BeforeEach
    void start() {
        coordinator = new TestCoordinator(Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        workers.forEach(Worker::close);
        coordinator.close();
    }

    Worker worker(String id, int linkPort) {
        Worker w = new Worker(TestCoordinator.workerSettings(linkPort)
                .withWorkerId(id).withReconnect(Duration.ofMillis(200), Duration.ofMillis(400)));
        w.start();
        workers.add(w);
        return w;
    }

    @Test
    void secondWorkerWithAConnectedIdIsRefusedAndTheFirstKeepsItsUsers() throws Exception {
        try (TargetServer target = new TargetServer(n -> 0)) {
            Worker first = worker("twin", coordinator.link.port());
            Await.until("first connected", WAIT, first::isConnected);
            WorkerLink original = coordinator.registry.get("twin");
            coordinator.run.swarm(new SwarmCommand(10, 100, target.url(), null));
            Await.until("10 users on the first", WAIT, () -> first.userCount() == 10);

            try (TcpProxy proxy = new TcpProxy(coordinator.link.port())) {
                Worker second = worker("twin", proxy.port());
                // Each attempt is a new connection through the proxy: refused, closed, retried.
                Await.until("the second tried three times", WAIT, () -> proxy.accepted() >= 3);

                assertThat(coordinator.registry.get("twin")).isSameAs(original);
                assertThat(coordinator.registry.size()).isEqualTo(1);
                assertThat(coordinator.registry.missing()).isEmpty();
                assertThat(first.isConnected()).isTrue();
                assertThat(first.userCount()).isEqualTo(10);
                assertThat(second.isConnected()).isFalse();
                assertThat(second.userCount()).isZero();
                assertThat(coordinator.run.userCount()).isEqualTo(10);
            }
            coordinator.run.stop();
        }
    }

    @Test
    void workerReconnectingAfterItsLinkClosedIsAcceptedUnderItsId() throws Exception {
        try (TcpProxy proxy = new TcpProxy(coordinator.link.port())) {
            Worker w = worker("back", proxy.port());
            Await.until("connected", WAIT, w::isConnected);
            proxy.cut();
            Await.until("dropped", WAIT, () -> coordinator.registry.get("back") == null);
        }
        Worker again = worker("back", coordinator.link.port());
        Await.until("reconnected", WAIT, again::isConnected);
        assertThat(coordinator.registry.size()).isEqualTo(1);
    }
}
