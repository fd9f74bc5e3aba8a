package io.stampede.engine.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stampede.core.scenario.HttpStep;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.ThinkStep;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.WaitTime;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.UserPopulation;

/**
 * Heap per mostly-waiting user: starts N users whose task is a long think step (each waits on
 * the timer wheel, as users between requests do), then measures the heap after a full GC.
 * Not a unit test (speed and memory goals are checked by benchmarks, not timed tests). Run:
 * <pre>java -Xmx512m -cp &lt;test classpath&gt; io.stampede.engine.bench.UserMemoryBenchmark 100000</pre>
 */
public final class UserMemoryBenchmark {

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        // An http step after the think: compiled like a real task, never reached during the measurement.
        HttpStep get = new HttpStep(null, "GET", "/items/${id}", Map.of(), Map.of(), null, null, null, Map.of());
        Task task = new Task("wait-then-get", 1, false,
                List.of(new ThinkStep(Duration.ofMinutes(10), Duration.ofMinutes(10)), get), List.of());
        Scenario scenario = new Scenario("memory", "http://127.0.0.1:9", List.of(new UserClass("waiting", 1,
                new WaitTime.Constant(Duration.ofSeconds(1)), false, List.of(task), List.of(), List.of())),
                List.of(), List.of(), Map.of(), Map.of("id", "1"), List.of());
        try (LoadEngine engine = new LoadEngine(new EngineSettings(2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1)))) {
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            UserPopulation population = UserPopulation.start(engine, RunSpec.of(scenario, null), (m, n, t, l, e) -> { }, users, 0);
            while (population.userCount() < users) {
                Thread.sleep(50);
            }
            Thread.sleep(2_000); // every user has reached its think step
            long spawnMillis = (System.nanoTime() - start) / 1_000_000;
            long after = usedHeapAfterGc();
            System.out.printf("users=%d alive=%d heapBefore=%dMB heapAfter=%dMB perUser=%d bytes maxHeap=%dMB spawn+settle=%dms%n",
                    users, population.aliveCount(), before >> 20, after >> 20, (after - before) / users,
                    Runtime.getRuntime().maxMemory() >> 20, spawnMillis);
            population.stop().get();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
