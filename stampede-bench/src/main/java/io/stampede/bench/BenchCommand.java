package io.stampede.bench;

import io.stampede.bench.client.RawClientLoop;
import io.stampede.bench.engine.EngineThroughput;
import io.stampede.bench.engine.UserMemory;
import io.stampede.bench.engine.UserScale;
import io.stampede.bench.fleet.WorkerFleet;
import io.stampede.bench.stats.MergeCost;
import io.stampede.bench.delay.DelayDistribution;
import io.stampede.bench.delay.DelayServer;
import io.stampede.core.stats.HistogramCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Entry point of the benchmark tools that bench/run starts. */
@Command(name = "stampede-bench", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Fleet.class, BenchCommand.Delay.class, BenchCommand.Merge.class, BenchCommand.Raw.class,
                BenchCommand.EngineRps.class, BenchCommand.UserHeap.class, BenchCommand.Users.class,
                BenchCommand.Stall.class},
        description = "Benchmark tools for bench/run.")
public final class BenchCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Command(name = "fleet", mixinStandardHelpOptions = true,
            description = "Connects simulated workers to a coordinator over the real link and reports its CPU and stats lag.")
    static final class Fleet implements Callable<Integer> {
        @Option(names = "--link", defaultValue = "ws://127.0.0.1:5557/link") String link;
        @Option(names = "--token", defaultValue = "${env:STAMPEDE_LINK_TOKEN}") String token;
        @Option(names = "--stats-url", defaultValue = "http://127.0.0.1:8089/stats/requests") String statsUrl;
        @Option(names = "--coordinator-pid", defaultValue = "0") long coordinatorPid;
        @Option(names = "--workers", defaultValue = "1000") int workers;
        @Option(names = "--names", defaultValue = "50") int names;
        @Option(names = "--requests-per-name", defaultValue = "20") int requestsPerName;
        @Option(names = "--duration", defaultValue = "60", description = "seconds of reporting, the warm-up included") long durationSeconds;
        @Option(names = "--warmup", defaultValue = "10", description = "seconds of reporting before the CPU window") long warmupSeconds;
        @Option(names = "--ramp", defaultValue = "0", description = "seconds over which workers start reporting") long rampSeconds;
        @Option(names = "--swarm", description = "start the run with POST /swarm (coordinator not headless)") boolean swarm;
        @Option(names = "--threads", defaultValue = "2") int threads;
        @Option(names = "--poll-ms", defaultValue = "200") long pollMillis;
        @Option(names = "--out", description = "write the result JSON here") Path out;
        @Option(names = "--histograms", defaultValue = "UNCOMPRESSED",
                description = "the histograms' encoding in the reports (COMPRESSED: as workers before it): ${COMPLETION-CANDIDATES}")
        HistogramCodec.Encoding histograms;
        @Option(names = "--json-reports", description = "send stats reports as JSON text frames, as workers before the "
                + "binary frame did, even to a coordinator that reads binary ones") boolean jsonReports;
        @Option(names = "--report-window-ms", defaultValue = "0", description = "the workers report at moments "
                + "spread evenly over this many milliseconds after each wall-clock second (0: all at once, as workers "
                + "with synchronized clocks do; 1000: over the whole second, as workers before ReportClock did)")
        long reportWindowMillis;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (warmupSeconds >= durationSeconds) {
                throw new ParameterException(spec.commandLine(), "--warmup (" + warmupSeconds
                        + " s) must be shorter than --duration (" + durationSeconds + " s), which includes it");
            }
            if (reportWindowMillis < 0 || reportWindowMillis > 1000) {
                throw new ParameterException(spec.commandLine(), "--report-window-ms (" + reportWindowMillis
                        + ") must be within 0..1000: the reports of one second");
            }
            WorkerFleet.Result result = new WorkerFleet(new WorkerFleet.Settings(link, token, statsUrl, coordinatorPid,
                    workers, names, requestsPerName, Duration.ofSeconds(durationSeconds),
                    Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(rampSeconds), swarm, threads, Duration.ofMillis(pollMillis), histograms, jsonReports,
                    Duration.ofMillis(reportWindowMillis)),
                    System.err).run();
            String json = result.toJson();
            System.out.println(json);
            if (out != null) {
                Files.writeString(out, json + "\n");
            }
            return result.error() == null ? 0 : 1;
        }
    }

    @Command(name = "merge-cost", mixinStandardHelpOptions = true,
            description = "CPU and allocation per worker report merged by the coordinator's StatsAggregator, in-process.")
    static final class Merge implements Callable<Integer> {
        @Option(names = "--names", defaultValue = "50") int names;
        @Option(names = "--workers", defaultValue = "1000") int workers;
        @Option(names = "--seconds", defaultValue = "10") int seconds;
        @Option(names = "--histograms", defaultValue = "UNCOMPRESSED",
                description = "the histograms' encoding in the reports: ${COMPLETION-CANDIDATES}") HistogramCodec.Encoding histograms;

        @Override
        public Integer call() {
            System.out.println(MergeCost.measure(names, workers, seconds, histograms).toJson());
            return 0;
        }
    }

    @Command(name = "raw-client", mixinStandardHelpOptions = true,
            description = "Closed-loop GETs straight on an HTTP client (Reactor Netty modes or the engine's HTTP1_CLIENT): the floor under the engine's cost per request.")
    static final class Raw implements Callable<Integer> {
        @Option(names = "--url", required = true) String url;
        @Option(names = "--connections", defaultValue = "50") int connections;
        @Option(names = "--seconds", defaultValue = "10") int seconds;
        @Option(names = "--mode", defaultValue = "PER_REQUEST_HEADERS", description = "${COMPLETION-CANDIDATES}") RawClientLoop.Mode mode;

        @Override
        public Integer call() {
            // First pass warms the JIT up; the second is measured.
            RawClientLoop.run(url, connections, Math.max(3, seconds / 2), mode);
            System.out.println(RawClientLoop.run(url, connections, seconds, mode));
            return 0;
        }
    }

    @Command(name = "delay-server", mixinStandardHelpOptions = true,
            description = "HTTP target answering after a seeded log-normal delay; GET /__delays gives exact percentiles.")
    static final class Delay implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1") String host;
        @Option(names = "--port", defaultValue = "18081") int port;
        @Option(names = "--seed", defaultValue = "42") long seed;
        @Option(names = "--median-ms", defaultValue = "40") double medianMillis;
        @Option(names = "--sigma", defaultValue = "0.6") double sigma;
        @Option(names = "--min-ms", defaultValue = "10") double minMillis;
        @Option(names = "--max-ms", defaultValue = "1000") double maxMillis;
        @Option(names = "--capacity", defaultValue = "5000000") int capacity;
        @Option(names = "--max-seconds", defaultValue = "900", description = "exit after this long whatever happens") long maxSeconds;

        @Override
        public Integer call() throws Exception {
            DelayDistribution distribution = new DelayDistribution(seed, millis(medianMillis), sigma,
                    millis(minMillis), millis(maxMillis));
            try (DelayServer server = new DelayServer(host, port, distribution, capacity)) {
                System.out.println("delay-server listening on " + host + ":" + server.port());
                serveUntilStopped(maxSeconds);
            }
            return 0;
        }

        private static Duration millis(double millis) {
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
    }

    @Command(name = "engine-throughput", mixinStandardHelpOptions = true,
            description = "GET / with no wait from the engine against an in-process server: a quick in-process floor while working on the engine.")
    static final class EngineRps implements Callable<Integer> {
        @Option(names = "--users", defaultValue = "50") int users;
        @Option(names = "--seconds", defaultValue = "10") int seconds;

        @Override
        public Integer call() throws Exception {
            System.out.println(EngineThroughput.measure(users, seconds));
            return 0;
        }
    }

    @Command(name = "user-memory", mixinStandardHelpOptions = true,
            description = "Heap per waiting virtual user in one process (run with e.g. -Xmx512m).")
    static final class UserHeap implements Callable<Integer> {
        @Option(names = "--users", defaultValue = "100000") int users;

        @Override
        public Integer call() throws Exception {
            System.out.println(UserMemory.measure(users));
            return 0;
        }
    }

    @Command(name = "user-scale", mixinStandardHelpOptions = true,
            description = "N users each looping one GET then a think time against a real server: achieved vs expected req/s, "
                    + "event-loop lag in the window, heap per user after a full GC, descriptors open.")
    static final class Users implements Callable<Integer> {
        @Option(names = "--url", required = true) String url;
        @Option(names = "--users", defaultValue = "10000") int users;
        @Option(names = "--think-ms", defaultValue = "1000") long thinkMillis;
        @Option(names = "--spawn-rate", defaultValue = "0", description = "users/s; 0 = all at once") double spawnRate;
        @Option(names = "--warmup", defaultValue = "5", description = "seconds after the spawn, before the window") long warmupSeconds;
        @Option(names = "--seconds", defaultValue = "20", description = "the measured window") long seconds;
        @Option(names = "--event-loops", defaultValue = "0", description = "0 = one per core") int eventLoops;

        @Override
        public Integer call() throws Exception {
            System.out.println(UserScale.measure(new UserScale.Settings(url, users, Duration.ofMillis(thinkMillis), spawnRate,
                    Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds), eventLoops)));
            return 0;
        }
    }

    @Command(name = "stall-server", mixinStandardHelpOptions = true,
            description = "HTTP target that answers at once but stalls every --every for --stall (coordinated omission).")
    static final class Stall implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1") String host;
        @Option(names = "--port", defaultValue = "18082") int port;
        @Option(names = "--every-ms", defaultValue = "10000") long everyMillis;
        @Option(names = "--stall-ms", defaultValue = "1000") long stallMillis;
        @Option(names = "--max-seconds", defaultValue = "900", description = "exit after this long whatever happens") long maxSeconds;

        @Override
        public Integer call() throws Exception {
            try (io.stampede.bench.stall.StallServer server = new io.stampede.bench.stall.StallServer(host, port,
                    Duration.ofMillis(everyMillis), Duration.ofMillis(stallMillis))) {
                System.out.println("stall-server listening on " + host + ":" + server.port());
                serveUntilStopped(maxSeconds);
            }
            return 0;
        }
    }

    /** Blocks a server command until the process is told to stop (SIGTERM) or {@code maxSeconds} have passed. */
    private static void serveUntilStopped(long maxSeconds) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        stopped.await(maxSeconds, java.util.concurrent.TimeUnit.SECONDS);
    }
}
