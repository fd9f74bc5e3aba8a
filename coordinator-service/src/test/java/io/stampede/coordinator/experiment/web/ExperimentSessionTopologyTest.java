package io.stampede.coordinator.experiment.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.stampede.coordinator.experiment.TopologySettings;
import io.stampede.coordinator.experiment.results.LocalResultsStore;
import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.experiment.suite.SuiteReader;
import io.stampede.coordinator.experiment.topology.BackendsMap;
import io.stampede.coordinator.experiment.topology.Topology;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.engine.link.Worker;
import io.stampede.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A suite with a {@code backends_map} started from the UI: its topology is deployed before the
 * first run and the tests aimed at its entry node, and it is removed after the suite, after a
 * failed deploy, on stop and on shutdown. The coordinator, worker and target are real; the
 * topology is one of the test's own whose entry node is the target (the real ones are tested
 * against sample-workload processes and kube-apiserver in the topology package).
 */
class ExperimentSessionTopologyTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final TopologySettings LOCAL = new TopologySettings("local", null, null, null);

    @TempDir
    Path results;
    TestCoordinator coordinator;
    Worker worker;
    DisposableServer target;
    final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws InterruptedException {
        coordinator = new TestCoordinator(Duration.ofSeconds(5));
        target = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            paths.add(req.uri());
            return res.sendString(Mono.just("ok"));
        }).bindNow();
        worker = new Worker(TestCoordinator.workerSettings(coordinator.link.port())
                .withWorkerId("topology-worker"));
        worker.start();
        Await.until("worker connected", WAIT, () -> coordinator.registry.size() == 1);
    }

    @AfterEach
    void stop() {
        worker.close();
        coordinator.close();
        target.disposeNow();
    }

    /** The entry node is the target; deploy and close are counted, deploy can be made to fail or to hang until closed. */
    final class EntryIsTheTarget implements Topology {
        final AtomicInteger deploys = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch deploying = new CountDownLatch(1);
        volatile int requestsAtClose = -1;
        volatile BackendsMap deployed;
        final String mode;

        EntryIsTheTarget(String mode) {
            this.mode = mode;
        }

        @Override
        public URI deploy(BackendsMap map) throws Exception {
            deploys.incrementAndGet();
            deployed = map;
            deploying.countDown();
            switch (mode) {
                case "fail" -> throw new IOException("node 1 did not become ready");
                case "hang" -> {
                    if (!closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never closed");
                    }
                    throw new IOException("node 0 was deleted while waiting for it");
                }
                default -> {
                    return URI.create("http://127.0.0.1:" + target.port());
                }
            }
        }

        @Override
        public void close() {
            if (closes.incrementAndGet() == 1) {
                requestsAtClose = paths.size();
            }
            closed.countDown();
        }
    }

    private Suite suite(String duration) {
        return SuiteReader.read("""
                {"backends_map": {"0": ["1"], "1": []},
                 "load_tests": [{"test_name": "mesh", "url": "http://service-0.mesh.svc.cluster.local:9080/ping?x=1",
                                 "qps": 20, "t": "%s", "c": 2}]}""".formatted(duration), "config.json", true, null);
    }

    private static void awaitFinished(ExperimentSession session) throws InterruptedException {
        Await.until("suite finished", WAIT, () -> Boolean.FALSE.equals(session.status().get("active")));
    }

    @Test
    void theTopologyIsDeployedBeforeTheFirstRunTheTestAimedAtItsEntryAndRemovedAfter() throws Exception {
        EntryIsTheTarget topology = new EntryIsTheTarget("ok");
        ExperimentSession session = new ExperimentSession(coordinator.run, new LocalResultsStore(results), LOCAL, s -> topology);

        session.start(suite("1s"), null);
        awaitFinished(session);

        Map<String, Object> status = session.status();
        assertThat(status.get("error")).as("%s", status).isNull();
        assertThat(status.get("topology")).isEqualTo("local");
        assertThat((List<?>) status.get("recorded")).hasSize(1);
        assertThat(topology.deploys).hasValue(1);
        assertThat(topology.deployed.entryNode()).isEqualTo("0");
        assertThat(paths).isNotEmpty().allMatch(path -> path.equals("/ping?x=1"));
        assertThat(topology.closes).hasValue(1);
        assertThat(topology.requestsAtClose).as("removed after the run, not before").isEqualTo(paths.size());
        assertThat((List<?>) status.get("log")).anyMatch(line -> line.toString().startsWith("topology deployed (local): entry node 0 at"));
    }

    @Test
    void aFailedDeployIsTheSuitesErrorNothingRunsAndWhatWasDeployedIsRemoved() throws Exception {
        EntryIsTheTarget topology = new EntryIsTheTarget("fail");
        ExperimentSession session = new ExperimentSession(coordinator.run, new LocalResultsStore(results), LOCAL, s -> topology);

        session.start(suite("1s"), null);
        awaitFinished(session);

        Map<String, Object> status = session.status();
        assertThat((String) status.get("error")).contains("topology local: deploying backends_map failed")
                .contains("node 1 did not become ready").contains("nothing was run");
        assertThat((List<?>) status.get("recorded")).isEmpty();
        assertThat(paths).isEmpty();
        assertThat(topology.closes).hasValue(1);
    }

    @Test
    void stoppingWhileTheTopologyIsDeployedRemovesItAndRunsNothing() throws Exception {
        EntryIsTheTarget topology = new EntryIsTheTarget("hang");
        ExperimentSession session = new ExperimentSession(coordinator.run, new LocalResultsStore(results), LOCAL, s -> topology);

        session.start(suite("1s"), null);
        assertThat(topology.deploying.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(session.status().get("phase")).isEqualTo("deploying_topology");
        assertThat(session.stop()).isTrue();
        awaitFinished(session);

        Map<String, Object> status = session.status();
        assertThat((String) status.get("error")).contains("stopped while it was deployed").contains("nothing was run");
        assertThat((List<?>) status.get("recorded")).isEmpty();
        assertThat(paths).isEmpty();
        assertThat(topology.closes).hasValue(1);
    }

    @Test
    void shutdownDuringTheSuiteRecordsTheRunAndRemovesTheTopology() throws Exception {
        EntryIsTheTarget topology = new EntryIsTheTarget("ok");
        ExperimentSession session = new ExperimentSession(coordinator.run, new LocalResultsStore(results), LOCAL, s -> topology);

        session.start(suite("10m"), null);
        Await.until("the run's first request", WAIT, () -> !paths.isEmpty());
        session.close();

        assertThat(session.status().get("active")).isEqualTo(false);
        assertThat(session.status().get("stopped")).isEqualTo(true);
        assertThat((List<?>) session.status().get("recorded")).hasSize(1);
        assertThat(topology.closes).hasValue(1);
    }

    @Test
    void withoutATopologyTheSessionSaysSo() {
        assertThat(new ExperimentSession(coordinator.run, new LocalResultsStore(results)).topologySettings().deploys()).isFalse();
    }
}
