package io.stampede.bench.engine;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.UserPopulation;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Requests per second of {@code GET /} with no wait against an in-process Reactor Netty server
 * on 127.0.0.1, in one process: a quick check while working on the engine. Both share the
 * machine, so this is a floor, not the engine's ceiling; bench/run's throughput phase is the
 * measurement (one worker process against nginx, beside wrk and Locust).
 */
public final class EngineThroughput {

    private EngineThroughput() {
    }

    public static String measure(int users, int seconds) throws Exception {
        AtomicLong served = new AtomicLong();
        DisposableServer target = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/", (req, res) -> {
                    served.incrementAndGet();
                    return res.sendString(Mono.just("ok"));
                }))
                .bindNow();
        try (LoadEngine engine = new LoadEngine(new EngineSettings(0, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(1)))) {
            StatsRecorder recorder = new StatsRecorder();
            String url = "http://127.0.0.1:" + target.port();
            UserPopulation population = UserPopulation.start(engine, RunSpec.of(Scenario.defaultScenario(url), null),
                    recorder::record, users, 0);
            Thread.sleep(2_000); // warm-up
            recorder.drain();
            long servedBefore = served.get();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            StatsDelta delta = recorder.drain();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpuMicros = (os.getProcessCpuTime() - cpuStart) / 1000;
            long requests = delta.entries().stream().mapToLong(StatsDelta.EntryDelta::numRequests).sum();
            long failures = delta.entries().stream().mapToLong(StatsDelta.EntryDelta::numFailures).sum();
            long total = delta.entries().stream().mapToLong(StatsDelta.EntryDelta::totalResponseTimeMicros).sum();
            population.stop().get(10, TimeUnit.SECONDS);
            return String.format("{\"users\":%d,\"requests\":%d,\"failures\":%d,\"rps\":%.0f,\"avg_ms\":%.2f,\"served\":%d,"
                            + "\"cores\":%d,\"process_cpu_us_per_request\":%d}", users, requests, failures, requests / elapsed,
                    requests == 0 ? 0 : total / 1000.0 / requests, served.get() - servedBefore,
                    Runtime.getRuntime().availableProcessors(), requests == 0 ? 0 : cpuMicros / requests);
        } finally {
            target.disposeNow();
        }
    }
}
