package io.stampede.engine.bench;

import java.time.Duration;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.TestTarget;
import io.stampede.engine.UserPopulation;

/**
 * Requests per second of {@code GET /} with no wait against an in-process Reactor Netty server
 * on 127.0.0.1 (both share the machine, so this is a floor, not the engine's ceiling). Run:
 * <pre>java -cp &lt;test classpath&gt; io.stampede.engine.bench.HttpThroughputBenchmark [users] [seconds]</pre>
 */
public final class HttpThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (TestTarget target = new TestTarget();
             LoadEngine engine = new LoadEngine(new EngineSettings(0, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(1)))) {
            StatsRecorder recorder = new StatsRecorder();
            UserPopulation population = UserPopulation.start(engine, RunSpec.of(Scenario.defaultScenario(target.url()), null),
                    recorder::record, users, 0);
            Thread.sleep(2_000); // warm-up
            recorder.drain();
            long served = target.requests.get();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            StatsDelta delta = recorder.drain();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpuMicros = (os.getProcessCpuTime() - cpuStart) / 1000;
            long requests = delta.entries().stream().mapToLong(StatsDelta.EntryDelta::numRequests).sum();
            long failures = delta.entries().stream().mapToLong(StatsDelta.EntryDelta::numFailures).sum();
            long total = delta.entries().stream().mapToLong(StatsDelta.EntryDelta::totalResponseTimeMicros).sum();
            System.out.printf("users=%d requests=%d failures=%d rps=%.0f avg=%.2fms server=%d cores=%d"
                    + " processCpuPerRequest=%dus (client and server)%n", users, requests,
                    failures, requests / elapsed, requests == 0 ? 0 : total / 1000.0 / requests,
                    target.requests.get() - served, Runtime.getRuntime().availableProcessors(),
                    requests == 0 ? 0 : cpuMicros / requests);
            population.stop().get();
        }
    }
}
