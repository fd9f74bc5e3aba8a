package io.stampede.bench.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import io.stampede.core.scenario.HttpStep;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.ThinkStep;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.WaitTime;
import io.stampede.engine.EngineHealth;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.UserPopulation;
import io.stampede.engine.link.WorkerCapacity;

/**
 * Many users, each looping "one request, then a think time", on one engine against a real
 * server (bench/run's user-scale phase: nginx with keep-alive). Measures whether the engine keeps
 * up — requests per second achieved against the {@code users / (think + response time)} a
 * perfect generator would send — how late its event loops ran during the measured window
 * ({@link EngineHealth#drainLagWindow()}), the heap per user after a full GC while the users and
 * their connections are alive, and the descriptors open against the process's limit.
 *
 * <p>All users start at once (spawn rate 0 by default): each first request finds no idle
 * connection, so every user opens one (a pool opens 32 at a time per loop and origin). Those
 * connections stay open for the engine's 30 s idle timeout, which the default warm-up plus
 * window stay within, so the heap figure is that of users that each hold a connection.
 */
public final class UserScale {

    /**
     * @param url         the target, e.g. http://127.0.0.1:8080/
     * @param users       concurrent users
     * @param think       each user's pause after its request
     * @param spawnRate   users started per second; 0 starts all at once
     * @param warmup      after every user started, before the window
     * @param window      the measured interval
     * @param eventLoops  engine event loops; 0 = one per core
     */
    public record Settings(String url, int users, Duration think, double spawnRate, Duration warmup, Duration window,
                           int eventLoops) {
    }

    private UserScale() {
    }

    public static String measure(Settings s) throws Exception {
        URI target = URI.parse(s.url());
        HttpStep get = new HttpStep("root", "GET", target.path(), Map.of(), Map.of(), null, null, null, Map.of());
        Task task = new Task("request-then-think", 1, false,
                List.of(get, new ThinkStep(s.think(), s.think())), List.of());
        Scenario scenario = new Scenario("user-scale", target.origin(), List.of(new UserClass("user", 1,
                new WaitTime.None(), false, List.of(task), List.of(), List.of())),
                List.of(), List.of(), Map.of(), Map.of(), List.of());
        LongAdder requests = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder responseMicros = new LongAdder();
        WorkerCapacity capacity = WorkerCapacity.measure();
        try (LoadEngine engine = new LoadEngine(new EngineSettings(s.eventLoops(), EngineSettings.DEFAULT_MAX_CONNECTIONS,
                Duration.ofSeconds(30), Duration.ofSeconds(2)))) {
            long heapBefore = usedHeapAfterGc();
            long spawnStart = System.nanoTime();
            UserPopulation population = UserPopulation.start(engine, RunSpec.of(scenario, null), (m, n, micros, length, error) -> {
                requests.increment();
                responseMicros.add(micros);
                if (error != null) {
                    failures.increment();
                }
            }, s.users(), s.spawnRate());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (population.userCount() < s.users()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("only " + population.userCount() + " of " + s.users() + " users started in 5 minutes");
                }
                Thread.sleep(20);
            }
            long spawnMillis = (System.nanoTime() - spawnStart) / 1_000_000;
            long connectionsAfterSpawn = engine.health().openConnections();
            Thread.sleep(s.warmup().toMillis());

            requests.reset();
            failures.reset();
            responseMicros.reset();
            engine.health().drainLagWindow();
            long cpuStart = processCpuNanos();
            long gcStart = gcMillis();
            long gcCountStart = gcCount();
            long windowStart = System.nanoTime();
            Thread.sleep(s.window().toMillis());
            long windowRequests = requests.sum();
            long windowFailures = failures.sum();
            long windowMicros = responseMicros.sum();
            EngineHealth.LagWindow lag = engine.health().drainLagWindow();
            double seconds = (System.nanoTime() - windowStart) / 1e9;
            double cores = (processCpuNanos() - cpuStart) / 1e9 / seconds;
            long gcMillisInWindow = gcMillis() - gcStart;
            long gcsInWindow = gcCount() - gcCountStart;
            long connections = engine.health().openConnections();
            long fds = openFds();

            long heapAfter = usedHeapAfterGc();
            long connectionsAtHeap = engine.health().openConnections();
            int alive = population.aliveCount();
            population.stop().get(30, TimeUnit.SECONDS);

            double meanResponseMillis = windowRequests == 0 ? 0 : windowMicros / 1000.0 / windowRequests;
            double expected = s.users() / (s.think().toNanos() / 1e9 + meanResponseMillis / 1000);
            double achieved = windowRequests / seconds;
            return String.format(java.util.Locale.ROOT,
                    "{\"users\":%d,\"alive\":%d,\"think_ms\":%d,\"spawn_rate\":%s,\"spawn_ms\":%d,\"window_s\":%.1f,"
                            + "\"requests\":%d,\"failures\":%d,\"achieved_rps\":%.1f,\"expected_rps\":%.1f,\"achieved_vs_expected\":%.4f,"
                            + "\"mean_response_ms\":%.3f,\"lag_samples\":%d,\"lag_p50_ms\":%.3f,\"lag_p99_ms\":%.3f,\"lag_max_ms\":%.3f,"
                            + "\"process_cpu_cores\":%.3f,\"gc_ms_in_window\":%d,\"gcs_in_window\":%d,\"event_loops\":%d,\"connections_after_spawn\":%d,\"connections\":%d,\"connections_at_heap\":%d,"
                            + "\"fds_open\":%d,\"fd_limit\":%d,\"fd_users_capacity\":%d,"
                            + "\"heap_before_mb\":%.1f,\"heap_after_mb\":%.1f,\"bytes_per_user\":%d,\"max_heap_mb\":%d}",
                    s.users(), alive, s.think().toMillis(), s.spawnRate(), spawnMillis, seconds,
                    windowRequests, windowFailures, achieved, expected, achieved / expected,
                    meanResponseMillis, lag.samples(), lag.p50Nanos() / 1e6, lag.p99Nanos() / 1e6, lag.maxNanos() / 1e6,
                    cores, gcMillisInWindow, gcsInWindow, engine.health().eventLoops(), connectionsAfterSpawn, connections, connectionsAtHeap,
                    fds, capacity.maxFds(), capacity.fdUsers(),
                    heapBefore / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / s.users(),
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** Scheme, host and port, and the path (at least "/"), of the target URL. */
    private record URI(String origin, String path) {
        static URI parse(String url) {
            java.net.URI uri = java.net.URI.create(url);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return new URI(uri.getScheme() + "://" + uri.getRawAuthority(), path);
        }
    }

    /** CPU time of this whole process (every thread), in nanoseconds. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long gcCount() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
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
