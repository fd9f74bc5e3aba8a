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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.stampede.engine.http.client.Http1Client;
import io.stampede.engine.http.client.Http1ClientSettings;
import io.stampede.engine.http.client.Http1Request;
import io.stampede.engine.http.client.HttpTarget;
import io.stampede.engine.http.client.ResponseListener;

/**
 * The floor under the engine: closed-loop GETs straight on an HTTP client, no engine. The
 * Reactor Netty modes are how the engine once issued requests ({@code client.headers(...)
 * .request(...).uri(String)} per request) and the trimmings tried on it; {@code HTTP1_CLIENT} is
 * the engine's own client ({@link Http1Client}) the same way. Compared with each other and with
 * the engine's requests per CPU-second they tell how much of the cost is the client's.
 */
public final class RawClientLoop {

    /**
     * How the request is built: as the engine once did it, with the headers prepared once, with the whole sender
     * prepared once, plus a pre-parsed {@code URI}, plus the body counted instead of aggregated.
     */
    public enum Mode { PER_REQUEST_HEADERS, PREPARED_HEADERS, PREPARED_SENDER, PREPARED_URI, PREPARED_URI_COUNTED_BODY, HTTP1_CLIENT }

    public static String run(String url, int connections, int seconds, Mode mode) {
        if (mode == Mode.HTTP1_CLIENT) {
            return runHttp1Client(url, connections, seconds);
        }
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
                                case HTTP1_CLIENT -> throw new IllegalStateException("not a Reactor Netty mode");
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
        return result(mode, done.get(), wall, cpuSeconds, bytes);
    }

    private static String result(Mode mode, long requests, double wall, double cpuSeconds, long bytes) {
        return String.format(Locale.ROOT, "{\"mode\":\"%s\",\"requests\":%d,\"rps\":%.0f,\"cpu_seconds\":%.2f,"
                        + "\"requests_per_cpu_second\":%.0f,\"bytes_per_request\":%d}", mode, requests, requests / wall,
                cpuSeconds, requests / Math.max(0.01, cpuSeconds), bytes / Math.max(1, requests));
    }

    /** Each of {@code connections} loops sends its next GET from the previous one's response callback. */
    private static String runHttp1Client(String url, int connections, int seconds) {
        LoopResources loops = LoopResources.create("raw", 1, true);
        io.netty.channel.EventLoopGroup group = loops.onClient(true);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (Http1Client client = new Http1Client(group,
                loops.onChannelClass(io.netty.channel.socket.SocketChannel.class, group),
                loops.onChannelClass(io.netty.channel.socket.DatagramChannel.class, group),
                Http1ClientSettings.defaults(connections * 2))) {
            Http1Request request = client.request("GET", HttpTarget.parse(url),
                    List.of(new Http1Request.Header("user-agent", "stampede-bench")), null, null, true);
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            CountDownLatch finished = new CountDownLatch(connections);
            ProcessCpu cpu = new ProcessCpu(ProcessHandle.current().pid());
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long cpu0 = cpu.cpuNanos();
            long bytes0 = threads.getTotalThreadAllocatedBytes();
            long start = System.nanoTime();
            io.netty.channel.EventLoop loop = group.next();
            for (int i = 0; i < connections; i++) {
                var again = new ResponseListener() {
                    @Override
                    public void onResponse(io.netty.handler.codec.http.HttpResponse head, byte[] body, long length) {
                        done.incrementAndGet();
                        next();
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        failed.incrementAndGet();
                        finished.countDown();
                    }

                    void next() {
                        if (System.nanoTime() < deadline) {
                            client.send(loop, request, false, TimeUnit.SECONDS.toNanos(10), this);
                        } else {
                            finished.countDown();
                        }
                    }
                };
                loop.execute(again::next);
            }
            if (!finished.await(seconds + 30L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the loops did not finish in time");
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpu.cpuNanos() - cpu0) / 1e9;
            long bytes = threads.getTotalThreadAllocatedBytes() - bytes0;
            if (failed.get() > 0) {
                System.err.println("raw-client: " + failed.get() + " loops ended with a failure");
            }
            return result(Mode.HTTP1_CLIENT, done.get(), wall, cpuSeconds, bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(5));
        }
    }
}
