package io.stampede.engine.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.core.link.HelloAck;
import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StatsReportFrame;
import io.stampede.core.link.StopLoad;
import io.stampede.core.link.WorkerBye;
import io.stampede.core.link.WorkerHello;
import io.stampede.core.link.WorkerState;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.TestTarget;
import io.stampede.testing.Await;

/** The worker against a real WebSocket server playing the coordinator. */
class WorkerLinkTest {

    private static final String TOKEN = "s3cret";

    private static WorkerSettings settings(String uri, String token) {
        return WorkerSettings.of(uri, token)
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(400))
                .withEngine(new EngineSettings(2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(8)));
    }

    private static StartLoad start(String runId, String host, int users) {
        return new StartLoad(runId, null, null, host, users, 0, 0, 1, 0, Map.of(), Map.of());
    }

    @Test
    void runsLoadReportsInSequenceAndEndsWithALastReport() throws Exception {
        try (TestTarget target = new TestTarget();
             FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN);
             Worker worker = new Worker(settings(coordinator.uri(), TOKEN))) {
            worker.start();
            WorkerHello hello = coordinator.next(WorkerHello.class, Duration.ofSeconds(5));
            assertThat(hello.workerId()).isEqualTo(worker.workerId());
            assertThat(hello.protocolVersion()).isEqualTo(LinkMessage.PROTOCOL_VERSION);

            coordinator.send(new HelloAck(hello.workerId(), 200));
            Heartbeat idle = coordinator.next(Heartbeat.class, Duration.ofSeconds(3));
            assertThat(idle.state()).isEqualTo(WorkerState.READY);
            assertThat(idle.memoryUsage()).isPositive();
            coordinator.send(start("run-1", target.url(), 5));

            List<StatsReport> reports = new ArrayList<>();
            while (reports.size() < 2) {
                reports.add(coordinator.next(StatsReport.class, Duration.ofSeconds(5)));
            }
            // Each report goes out just after a whole second of the wall clock (ReportClock), so the
            // second one covers one wall-clock second. Bounds wide enough for a busy machine's timers.
            for (StatsReport timed : reports) {
                assertThat(Math.floorMod(timed.delta().endEpochMillis(), 1000L))
                        .isBetween(ReportClock.AFTER_BOUNDARY_MILLIS, ReportClock.AFTER_BOUNDARY_MILLIS + 300);
            }
            assertThat(reports.get(1).delta().endEpochMillis() - reports.get(1).delta().startEpochMillis())
                    .isBetween(700L, 1300L);
            Heartbeat busy = coordinator.next(Heartbeat.class, Duration.ofSeconds(3));
            assertThat(busy.userCount()).isEqualTo(5);
            assertThat(busy.state()).isIn(WorkerState.RUNNING, WorkerState.SPAWNING);

            coordinator.send(new StopLoad("run-1"));
            StatsReport report;
            do {
                report = coordinator.next(StatsReport.class, Duration.ofSeconds(5));
                reports.add(report);
            } while (!report.last());

            long requests = 0;
            for (int i = 0; i < reports.size(); i++) {
                assertThat(reports.get(i).sequence()).isEqualTo(i + 1);
                assertThat(reports.get(i).runId()).isEqualTo("run-1");
                requests += reports.get(i).delta().entries().stream().mapToLong(e -> e.numRequests()).sum();
            }
            assertThat(requests).isPositive().isEqualTo(target.requests.get());
            assertThat(worker.userCount()).isZero();
            Heartbeat after = coordinator.next(Heartbeat.class, Duration.ofSeconds(3));
            assertThat(after.state()).isEqualTo(WorkerState.READY);
        }
    }

    @Test
    void histogramsGoUncompressedToACoordinatorThatReadsThemAndCompressedToAnOlderOne() throws Exception {
        // HdrHistogram's V2 cookies, the word-size nibble masked out.
        int compressed = 0x1c849304;
        int uncompressed = 0x1c849303;
        for (Boolean reads : new Boolean[] {null, false, true}) {
            try (TestTarget target = new TestTarget();
                 FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN);
                 Worker worker = new Worker(settings(coordinator.uri(), TOKEN))) {
                worker.start();
                WorkerHello hello = coordinator.next(WorkerHello.class, Duration.ofSeconds(5));
                coordinator.send(new HelloAck(hello.workerId(), 200, reads));
                coordinator.send(start("run-1", target.url(), 2));
                StatsReport report;
                do {
                    report = coordinator.next(StatsReport.class, Duration.ofSeconds(5));
                } while (report.delta().entries().isEmpty());
                String histogram = report.delta().entries().get(0).histogram();
                int cookie = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(histogram)).getInt() & ~0xf0;
                assertThat(cookie).as("coordinator reads uncompressed: %s", reads)
                        .isEqualTo(Boolean.TRUE.equals(reads) ? uncompressed : compressed);
                assertThat(io.stampede.core.stats.HistogramCodec.decode(histogram).getTotalCount())
                        .isEqualTo(report.delta().entries().get(0).numRequests()).isPositive();
                coordinator.send(new StopLoad("run-1"));
            }
        }
    }

    @Test
    void statsReportsGoAsBinaryFramesToACoordinatorThatReadsThemWithEveryRequestCounted() throws Exception {
        try (TestTarget target = new TestTarget();
             FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN);
             Worker worker = new Worker(settings(coordinator.uri(), TOKEN))) {
            worker.start();
            WorkerHello hello = coordinator.next(WorkerHello.class, Duration.ofSeconds(5));
            coordinator.send(new HelloAck(hello.workerId(), 200, true, true));
            coordinator.send(start("run-1", target.url(), 3));
            coordinator.next(StatsReport.class, Duration.ofSeconds(5));
            coordinator.send(new StopLoad("run-1"));
            StatsReport report;
            do {
                report = coordinator.next(StatsReport.class, Duration.ofSeconds(5));
            } while (!report.last());

            // Every report came binary; merged, they count exactly what the target served, histograms included.
            io.stampede.core.stats.StatsAggregator merged = new io.stampede.core.stats.StatsAggregator();
            long sequence = 0;
            for (StatsReportFrame.Decoded decoded : coordinator.binaryReports) {
                assertThat(decoded.report().sequence()).isEqualTo(++sequence);
                assertThat(decoded.report().runId()).isEqualTo("run-1");
                merged.merge(decoded.decoded());
            }
            assertThat(sequence).isEqualTo(report.sequence());
            io.stampede.core.stats.StatsSnapshot snapshot = merged.snapshot(System.currentTimeMillis());
            assertThat(snapshot.numRequests()).isPositive().isEqualTo(target.requests.get());
            assertThat(snapshot.total().responseTimes().count()).isEqualTo(snapshot.numRequests());
        }
    }

    @Test
    void aWrongTokenIsRefusedAndTheWorkerKeepsRetrying() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN);
             Worker worker = new Worker(settings(coordinator.uri(), "wrong"))) {
            worker.start();
            Await.until("3 refused connections", Duration.ofSeconds(5), () -> coordinator.refused.get() >= 3);
            assertThat(coordinator.received).isEmpty();
            assertThat(worker.isConnected()).isFalse();
        }
    }

    @Test
    void losingTheCoordinatorStopsTheLoadAndTheWorkerComesBack() throws Exception {
        try (TestTarget target = new TestTarget()) {
            FakeCoordinator first = new FakeCoordinator(0, TOKEN);
            int port = first.port();
            try (Worker worker = new Worker(settings(first.uri(), TOKEN))) {
                worker.start();
                WorkerHello hello = first.next(WorkerHello.class, Duration.ofSeconds(5));
                first.send(new HelloAck(hello.workerId(), 200));
                first.send(start("run-2", target.url(), 4));
                first.next(StatsReport.class, Duration.ofSeconds(5));
                assertThat(worker.userCount()).isEqualTo(4);

                first.close();
                Await.until("the run stopped", Duration.ofSeconds(10), () -> worker.userCount() == 0 && worker.runId() == null);
                Thread.sleep(1_000); // a stopped user starts no new request, whatever the grace
                long served = target.requests.get();
                Thread.sleep(300);
                assertThat(target.requests.get()).isEqualTo(served);

                try (FakeCoordinator second = new FakeCoordinator(port, TOKEN)) {
                    WorkerHello again = second.next(WorkerHello.class, Duration.ofSeconds(5));
                    assertThat(again.workerId()).isEqualTo(hello.workerId());
                    second.send(new HelloAck(again.workerId(), 200));
                    assertThat(second.next(Heartbeat.class, Duration.ofSeconds(3)).state()).isEqualTo(WorkerState.READY);
                    assertThat(worker.isConnected()).isTrue();
                }
            }
        }
    }

    @Test
    void aCoordinatorThatStopsAnsweringIsDroppedAndTheLoadStops() throws Exception {
        try (TestTarget target = new TestTarget();
             FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN);
             Worker worker = new Worker(settings(coordinator.uri(), TOKEN))) {
            worker.start();
            WorkerHello hello = coordinator.next(WorkerHello.class, Duration.ofSeconds(5));
            coordinator.send(new HelloAck(hello.workerId(), 200));
            coordinator.send(start("run-4", target.url(), 3));
            coordinator.next(StatsReport.class, Duration.ofSeconds(5));
            coordinator.next(Heartbeat.class, Duration.ofSeconds(3)); // pings went out with it and were answered

            coordinator.freeze();
            Await.until("the run dropped", Duration.ofSeconds(10), () -> worker.runId() == null);
            assertThat(worker.userCount()).isZero();
            // The server still accepts connections: the worker comes back on a new one.
            coordinator.received.clear();
            assertThat(coordinator.next(WorkerHello.class, Duration.ofSeconds(5)).workerId()).isEqualTo(hello.workerId());
        }
    }

    @Test
    void closeSendsTheLastReportAndByeAndLeavesNoThread() throws Exception {
        try (TestTarget target = new TestTarget();
             FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN)) {
            Worker worker = new Worker(settings(coordinator.uri(), TOKEN));
            worker.start();
            WorkerHello hello = coordinator.next(WorkerHello.class, Duration.ofSeconds(5));
            coordinator.send(new HelloAck(hello.workerId(), 200));
            coordinator.send(start("run-3", target.url(), 3));
            coordinator.next(StatsReport.class, Duration.ofSeconds(5));

            worker.close();

            StatsReport last;
            do {
                last = coordinator.next(StatsReport.class, Duration.ofSeconds(3));
            } while (!last.last());
            assertThat(last.runId()).isEqualTo("run-3");
            assertThat(coordinator.next(WorkerBye.class, Duration.ofSeconds(3)).workerId()).isEqualTo(hello.workerId());
            Thread.sleep(200);
            List<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive).map(Thread::getName)
                    .filter(name -> name.startsWith("stampede-")).toList();
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theRunIdTravelsInTheRunSpecToTheScenariosTemplates() throws Exception {
        String yaml = """
                name: run-id
                users:
                  - name: u
                    tasks:
                      - steps:
                          - http: {method: GET, path: "/users/${run.id}"}
                """;
        try (TestTarget target = new TestTarget();
             FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN);
             Worker worker = new Worker(settings(coordinator.uri(), TOKEN))) {
            worker.start();
            WorkerHello hello = coordinator.next(WorkerHello.class, Duration.ofSeconds(5));
            coordinator.send(new HelloAck(hello.workerId(), 200));
            coordinator.send(new StartLoad("run-7", yaml, "run-id.yaml", target.url(), 1, 0, 0, 1, 0, Map.of(), Map.of()));
            coordinator.next(StatsReport.class, Duration.ofSeconds(5));
            assertThat(target.userPaths).isNotEmpty().containsOnly("run-7");
        }
    }

    @Test
    void aScenarioTheWorkerCannotRunIsRefusedWithALastReportAndALateStopIsConfirmedInSequence() throws Exception {
        String yaml = """
                name: unknown-kind
                users:
                  - name: u
                    tasks:
                      - steps:
                          - teleport: {to: mars}
                """;
        try (FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN);
             Worker worker = new Worker(settings(coordinator.uri(), TOKEN))) {
            worker.start();
            WorkerHello hello = coordinator.next(WorkerHello.class, Duration.ofSeconds(5));
            coordinator.send(new HelloAck(hello.workerId(), 200));
            coordinator.send(new StartLoad("run-5", yaml, "bad.yaml", "http://127.0.0.1:9", 2, 0, 0, 1, 0, Map.of(), Map.of()));

            StatsReport refused = coordinator.next(StatsReport.class, Duration.ofSeconds(5));
            assertThat(refused.runId()).isEqualTo("run-5");
            assertThat(refused.sequence()).isEqualTo(1);
            assertThat(refused.last()).isTrue();
            assertThat(refused.delta().failures()).singleElement()
                    .satisfies(failure -> assertThat(failure.error()).startsWith("scenario refused by worker " + hello.workerId()));
            assertThat(worker.runId()).isNull();

            coordinator.send(new StopLoad("run-5"));
            StatsReport confirmed = coordinator.next(StatsReport.class, Duration.ofSeconds(5));
            assertThat(confirmed.sequence()).isEqualTo(2);
            assertThat(confirmed.last()).isTrue();
            assertThat(confirmed.delta().isEmpty()).isTrue();
        }
    }
}
