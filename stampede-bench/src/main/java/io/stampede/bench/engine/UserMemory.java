package io.stampede.bench.engine;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * Heap per mostly-waiting user, in one process: starts N users whose task is a long think step
 * (each waits on the timer wheel, as users between requests do), then measures the heap after
 * a full GC. bench/run's memory phase measures the same through a real worker and coordinator.
 */
public final class UserMemory {

    private UserMemory() {
    }

    public static String measure(int users) throws Exception {
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
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (population.userCount() < users) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("only " + population.userCount() + " of " + users + " users started in 5 minutes");
                }
                Thread.sleep(50);
            }
            Thread.sleep(2_000); // every user has reached its think step
            long spawnMillis = (System.nanoTime() - start) / 1_000_000;
            long after = usedHeapAfterGc();
            String result = String.format("{\"users\":%d,\"alive\":%d,\"heap_before_mb\":%d,\"heap_after_mb\":%d,"
                            + "\"bytes_per_user\":%d,\"max_heap_mb\":%d,\"spawn_and_settle_ms\":%d}",
                    users, population.aliveCount(), before >> 20, after >> 20, (after - before) / users,
                    Runtime.getRuntime().maxMemory() >> 20, spawnMillis);
            population.stop().get(30, TimeUnit.SECONDS);
            return result;
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
