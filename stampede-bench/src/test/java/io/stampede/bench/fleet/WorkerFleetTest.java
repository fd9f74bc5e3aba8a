package io.stampede.bench.fleet;

import io.stampede.core.link.HelloAck;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.WorkerHello;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet against a minimal coordinator stand-in speaking the real link protocol: every
 * simulated worker connects with the token, gets started, and every request it reports is
 * seen in /stats/requests.
 */
class WorkerFleetTest {

    @Test
    void everyReportedRequestBecomesVisible() throws Exception {
        AtomicLong requests = new AtomicLong();
        Set<String> helloed = ConcurrentHashMap.newKeySet();
        Map<String, Long> lastSequence = new ConcurrentHashMap<>();
        DisposableServer coordinator = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .ws("/link", (in, out) -> out.sendString(in.receive().asString().concatMap(frame -> {
                            LinkMessage message = LinkCodec.decode(frame);
                            switch (message) {
                                case WorkerHello hello -> {
                                    helloed.add(hello.workerId());
                                    return Flux.just(LinkCodec.encode(new HelloAck(hello.workerId(), 500)),
                                            LinkCodec.encode(new StartLoad("run-1", "", "", "http://127.0.0.1:9", 1, 1,
                                                    0, 1, 0, Map.of(), Map.of())));
                                }
                                case StatsReport report -> {
                                    Long previous = lastSequence.put(report.workerId(), report.sequence());
                                    assertThat(report.sequence()).isEqualTo(previous == null ? 1 : previous + 1);
                                    report.delta().entries().forEach(entry -> requests.addAndGet(entry.numRequests()));
                                    return Flux.empty();
                                }
                                default -> {
                                    return Flux.empty();
                                }
                            }
                        })))
                        .get("/stats/requests", (req, res) -> res.sendString(Mono.fromSupplier(() ->
                                "{\"stats\":[{\"name\":\"Aggregated\",\"num_requests\":" + requests.get() + "}]}"))))
                .bindNow();
        try {
            WorkerFleet.Result result = new WorkerFleet(new WorkerFleet.Settings(
                    "ws://127.0.0.1:" + coordinator.port() + "/link", "secret",
                    "http://127.0.0.1:" + coordinator.port() + "/stats/requests", ProcessHandle.current().pid(),
                    20, 3, 5, Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ZERO, false, 1, Duration.ofMillis(100),
                    io.stampede.core.stats.HistogramCodec.Encoding.UNCOMPRESSED, false, Duration.ofSeconds(1)),
                    System.err).run();

            assertThat(result.error()).isNull();
            assertThat(helloed).hasSize(20);
            assertThat(result.connected()).isEqualTo(20);
            assertThat(result.reportsSent()).isGreaterThanOrEqualTo(20 * 2);
            assertThat(result.requestsSent()).isEqualTo(result.reportsSent() * 3 * 5);
            assertThat(result.requestsSeen()).isEqualTo(result.requestsSent()).isEqualTo(requests.get());
            assertThat(result.unseenReports()).isZero();
            assertThat(result.lagMaxMillis()).isPositive();
            assertThat(result.coordinatorCores()).isPositive();
            assertThat(result.toJson()).contains("\"connected\":20", "\"error\":null");
        } finally {
            coordinator.disposeNow();
        }
    }
}
