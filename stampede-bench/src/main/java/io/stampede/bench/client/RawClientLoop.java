package io.stampede.bench.client;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.stampede.bench.proc.ProcessCpu;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under the engine: closed-loop GETs straight on Reactor Netty, as the engine issues
 * them ({@code perRequestConfig}: {@code client.headers(...).request(...).uri(String)} per
 * request) or with the configuration built once. Compared with the engine's requests per
 * CPU-second it tells how much of the cost is the engine's and how much Reactor Netty's.
 */
public final class RawClientLoop {

    /**
     * How the request is built: as the engine once did it, with the headers prepared once, with the whole sender
     * prepared once, plus a pre-parsed {@code URI}, plus the body counted instead of aggregated.
     */
    public enum Mode { PER_REQUEST_HEADERS, PREPARED_HEADERS, PREPARED_SENDER, PREPARED_URI, PREPARED_URI_COUNTED_BODY }

    public static String run(String url, int connections, int seconds, Mode mode) {
        LoopResources loops = LoopResources.create("raw", 1, true);
        ConnectionProvider pool = ConnectionProvider.builder("raw").maxConnections(connections * 2)
                .pendingAcquireMaxCount(-1).build();
        HttpClient base = HttpClient.create(pool).runOn(loops).keepAlive(true);
        HttpClient prepared = base.headers(h -> h.set(HttpHeaderNames.USER_AGENT, "stampede-bench"));
        HttpClient.RequestSender sender = prepared.request(HttpMethod.GET);
        java.net.URI parsed = java.net.URI.create(url);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        AtomicLong done = new AtomicLong();
        ProcessCpu cpu = new ProcessCpu(ProcessHandle.current().pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long cpu0 = cpu.cpuNanos();
        long bytes0 = threads.getTotalThreadAllocatedBytes();
        long start = System.nanoTime();
        Flux.range(0, connections)
                .flatMap(i -> Mono.defer(() -> {
                            HttpClient.ResponseReceiver<?> request = switch (mode) {
                                case PER_REQUEST_HEADERS -> base.headers(h -> h.set(HttpHeaderNames.USER_AGENT, "stampede-bench"))
                                        .request(HttpMethod.GET).uri(url);
                                case PREPARED_HEADERS -> prepared.request(HttpMethod.GET).uri(url);
                                case PREPARED_SENDER -> sender.uri(url);
                                case PREPARED_URI, PREPARED_URI_COUNTED_BODY -> sender.uri(parsed);
                            };
                            return mode == Mode.PREPARED_URI_COUNTED_BODY
                                    ? request.response((head, body) -> body.reduce(0, (n, buffer) -> n + buffer.readableBytes())).single()
                                    : request.responseSingle((head, body) -> body.asByteArray().defaultIfEmpty(new byte[0]));
                        })
                        .doOnNext(bytes -> done.incrementAndGet())
                        .repeat(() -> System.nanoTime() < deadline)
                        .then(), connections)
                .blockLast(Duration.ofSeconds(seconds + 30L));
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpu.cpuNanos() - cpu0) / 1e9;
        long bytes = threads.getTotalThreadAllocatedBytes() - bytes0;
        pool.disposeLater().block(Duration.ofSeconds(5));
        loops.disposeLater().block(Duration.ofSeconds(5));
        return String.format(Locale.ROOT, "{\"mode\":\"%s\",\"requests\":%d,\"rps\":%.0f,\"cpu_seconds\":%.2f,"
                        + "\"requests_per_cpu_second\":%.0f,\"bytes_per_request\":%d}", mode, done.get(), done.get() / wall,
                cpuSeconds, done.get() / Math.max(0.01, cpuSeconds), bytes / Math.max(1, done.get()));
    }
}
