package io.stampede.bench.fleet;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.stampede.bench.proc.ProcessCpu;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many {@link SimulatedWorker}s against one coordinator: measures the coordinator's CPU while
 * it merges their reports and how long a report takes to show in {@code /stats/requests}.
 */
public final class WorkerFleet {

    /** What the fleet measured. */
    public record Result(int workers, int connected, long reportsSent, long requestsSent, long requestsSeen,
                         double coordinatorCores, double coordinatorJitCores, double fleetCores, double lagP50Millis,
                         double lagP99Millis, double lagMaxMillis, int unseenReports, double finalLagMillis, String error) {

        public String toJson() {
            return String.format(Locale.ROOT, "{\"workers\":%d,\"connected\":%d,\"reports_sent\":%d,"
                            + "\"requests_sent\":%d,\"requests_seen\":%d,\"coordinator_cores\":%.3f,"
                            + "\"coordinator_jit_cores\":%.3f,"
                            + "\"fleet_cores\":%.3f,\"lag_p50_ms\":%.1f,\"lag_p99_ms\":%.1f,\"lag_max_ms\":%.1f,"
                            + "\"unseen_reports\":%d,\"final_lag_ms\":%.1f,\"error\":%s}",
                    workers, connected, reportsSent, requestsSent, requestsSeen, coordinatorCores,
                    coordinatorJitCores, fleetCores,
                    nanToMinus(lagP50Millis), nanToMinus(lagP99Millis), nanToMinus(lagMaxMillis), unseenReports,
                    nanToMinus(finalLagMillis), error == null ? "null" : "\"" + error.replace("\"", "'") + "\"");
        }

        private static double nanToMinus(double value) {
            return Double.isNaN(value) ? -1 : value;
        }
    }

    /** How to run the fleet. */
    public record Settings(String linkUri, String token, String statsUrl, long coordinatorPid, int workers,
                           int names, int requestsPerName, Duration duration, Duration warmup, Duration ramp,
                           boolean swarm, int eventLoopThreads, Duration pollInterval,
                           io.stampede.core.stats.HistogramCodec.Encoding histograms, boolean jsonReports,
                           Duration reportWindow) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Settings settings;
    private final PrintStream log;

    public WorkerFleet(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public Result run() throws InterruptedException {
        ReportTemplates templates = new ReportTemplates(settings.names(), settings.requestsPerName(), 42, settings.histograms());
        long expectedSeconds = settings.duration().toSeconds() + 30;
        SentLog sentLog = new SentLog((int) Math.min(Integer.MAX_VALUE - 8, settings.workers() * expectedSeconds));
        LoopResources loops = LoopResources.create("fleet", settings.eventLoopThreads(), true);
        Scheduler timer = Schedulers.newParallel("fleet-timer", 2, true);
        ConnectionProvider pollPool = ConnectionProvider.create("fleet-poll", 2);
        HttpClient linkClient = HttpClient.newConnection().runOn(loops)
                .headers(headers -> {
                    if (settings.token() != null && !settings.token().isEmpty()) {
                        headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + settings.token());
                    }
                })
                .compress(false);
        HttpClient web = HttpClient.create(pollPool).runOn(loops).responseTimeout(Duration.ofSeconds(10));
        ProcessCpu coordinatorCpu = settings.coordinatorPid() > 0 ? new ProcessCpu(settings.coordinatorPid()) : null;
        ProcessCpu fleetCpu = new ProcessCpu(ProcessHandle.current().pid());

        List<SimulatedWorker> fleet = new ArrayList<>(settings.workers());
        try {
            long spread = Math.min(settings.reportWindow().toNanos(), 1_000_000_000L) / Math.max(1, settings.workers());
            long rampStep = settings.ramp().toNanos() / Math.max(1, settings.workers());
            for (int i = 0; i < settings.workers(); i++) {
                // Workers report at moments spread over the report window at the start of each
                // wall-clock second (the whole second: as workers whose report clocks start when
                // they join), and join the reporting over the ramp, as workers whose users spawn
                // over a while do.
                long rampNanos = (i * rampStep) / 1_000_000_000L * 1_000_000_000L;
                fleet.add(new SimulatedWorker("sim-%05d".formatted(i), templates, sentLog, timer,
                        i * spread, rampNanos, settings.jsonReports()));
            }
            long connectStart = System.nanoTime();
            Flux.fromIterable(fleet)
                    .flatMap(worker -> {
                        worker.connect(linkClient, settings.linkUri())
                                .subscribe(null, error -> log.println("link error: " + error));
                        return Mono.fromFuture(worker.acked).onErrorResume(error -> {
                            log.println(error.getMessage());
                            return Mono.empty();
                        });
                    }, 64)
                    .timeout(Duration.ofSeconds(120))
                    .onErrorResume(error -> Mono.empty())
                    .blockLast();
            int connected = (int) fleet.stream().filter(w -> w.acked.isDone() && !w.acked.isCompletedExceptionally()).count();
            log.printf("fleet: %d/%d workers connected in %.1f s%n", connected, settings.workers(),
                    (System.nanoTime() - connectStart) / 1e9);
            if (connected == 0) {
                return failed(0, "no worker connected");
            }

            if (settings.swarm()) {
                String form = "user_count=" + connected + "&spawn_rate=" + connected + "&host=http%3A%2F%2F127.0.0.1%3A9";
                String answer = web.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded"))
                        .post().uri(baseUrl() + "/swarm")
                        .send(reactor.netty.ByteBufFlux.fromString(Mono.just(form)))
                        .responseSingle((response, body) -> body.asString().defaultIfEmpty(""))
                        .block(Duration.ofSeconds(15));
                log.println("fleet: POST /swarm -> " + answer);
            }

            // Poll /stats/requests for the whole run, so every report's visibility is timed.
            int maxPolls = (int) ((settings.duration().toMillis() + 120_000) / settings.pollInterval().toMillis());
            long[] pollNanos = new long[maxPolls];
            long[] pollTotals = new long[maxPolls];
            int polls = 0;
            long runStart = System.nanoTime();
            long warmupEnd = runStart + settings.warmup().toNanos();
            long reportEnd = runStart + settings.duration().toNanos();
            long cpuStart = -1;
            // The JIT compiler threads' share of the window: a coordinator that runs for hours is
            // done compiling; one a minute old is not.
            Map<Long, Long> jitStart = Map.of();
            Map<Long, Long> jitEnd = Map.of();
            long cpuStartNanos = 0;
            long fleetCpuStart = fleetCpu.cpuNanos();
            long cpuEnd = -1;
            long cpuEndNanos = 0;
            boolean stopped = false;
            long finalLagDeadline = Long.MAX_VALUE;
            double finalLag = Double.NaN;
            long lastSeen = 0;
            long stoppedAtNanos = 0;
            while (polls < maxPolls) {
                long now = System.nanoTime();
                if (coordinatorCpu != null && cpuStart < 0 && now >= warmupEnd) {
                    cpuStart = coordinatorCpu.cpuNanos();
                    jitStart = coordinatorCpu.jitThreadNanos();
                    cpuStartNanos = now;
                }
                if (!stopped && now >= reportEnd) {
                    if (coordinatorCpu != null) {
                        cpuEnd = coordinatorCpu.cpuNanos();
                        jitEnd = coordinatorCpu.jitThreadNanos();
                        cpuEndNanos = now;
                    }
                    fleet.forEach(worker -> worker.stopReporting(false));
                    stopped = true;
                    stoppedAtNanos = System.nanoTime();
                    finalLagDeadline = stoppedAtNanos + Duration.ofSeconds(20).toNanos();
                }
                long seen = aggregatedRequests(web);
                long at = System.nanoTime();
                if (seen >= 0) {
                    lastSeen = Math.max(lastSeen, seen);
                    pollNanos[polls] = at;
                    pollTotals[polls] = lastSeen;
                    polls++;
                }
                if (stopped && lastSeen >= sentLog.total()) {
                    finalLag = (at - stoppedAtNanos) / 1e6;
                    break;
                }
                if (at > finalLagDeadline) {
                    break;
                }
                long sleep = settings.pollInterval().toNanos() - (System.nanoTime() - now);
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            double coordinatorCores = coordinatorCpu == null || cpuEnd < 0 || cpuStart < 0 ? Double.NaN
                    : ProcessCpu.cores(cpuStart, cpuEnd, cpuEndNanos - cpuStartNanos);
            double coordinatorJitCores = Double.isNaN(coordinatorCores) ? Double.NaN
                    : ProcessCpu.cores(0, ProcessCpu.jitNanosBetween(jitStart, jitEnd), cpuEndNanos - cpuStartNanos);
            double fleetCores = ProcessCpu.cores(fleetCpuStart, fleetCpu.cpuNanos(), System.nanoTime() - runStart);
            SentLog.Lags lags = sentLog.lags(pollNanos, pollTotals, polls);
            Result result = new Result(settings.workers(), connected, sentLog.count(), sentLog.total(), lastSeen,
                    coordinatorCores, coordinatorJitCores, fleetCores, lags.percentile(50), lags.percentile(99),
                    lags.percentile(100), lags.unseen(), finalLag, null);
            if (settings.swarm()) {
                web.get().uri(baseUrl() + "/stop").responseSingle((r, b) -> b.asString()).onErrorResume(e -> Mono.empty())
                        .block(Duration.ofSeconds(10));
            }
            return result;
        } finally {
            fleet.forEach(SimulatedWorker::close);
            CompletableFuture.allOf(fleet.stream().map(w -> w.closed).toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
            timer.dispose();
            pollPool.disposeLater().block(Duration.ofSeconds(5));
            loops.disposeLater().block(Duration.ofSeconds(5));
        }
    }

    private Result failed(int connected, String error) {
        return new Result(settings.workers(), connected, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0, Double.NaN, error);
    }

    private String baseUrl() {
        String url = settings.statsUrl();
        return url.substring(0, url.indexOf("/stats/requests"));
    }

    /** num_requests of the Aggregated row, or -1 when the coordinator did not answer. */
    private long aggregatedRequests(HttpClient web) {
        try {
            String body = web.get().uri(settings.statsUrl())
                    .responseSingle((response, content) -> content.asString())
                    .block(Duration.ofSeconds(10));
            JsonNode stats = JSON.readTree(body).path("stats");
            for (JsonNode row : stats) {
                if ("Aggregated".equals(row.path("name").asString())) {
                    return row.path("num_requests").asLong();
                }
            }
            return 0;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
