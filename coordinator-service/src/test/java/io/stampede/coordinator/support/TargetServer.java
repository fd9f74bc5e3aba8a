package io.stampede.coordinator.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The system under test for end-to-end tests: a real HTTP server on loopback that counts
 * requests and records, server side, how long each one took (its delay is chosen by the
 * request's sequence number, so the distribution is known).
 */
public final class TargetServer implements AutoCloseable {

    private final AtomicLong count = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private final DisposableServer server;

    /** @param delayMillis delay of the n-th request (n from 1) */
    public TargetServer(LongUnaryOperator delayMillis) {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    long n = count.incrementAndGet();
                    long start = System.nanoTime();
                    long delay = delayMillis.applyAsLong(n);
                    Mono<Void> respond = res.header("Content-Type", "text/plain")
                            .sendString(Mono.fromSupplier(() -> {
                                latenciesMicros.add((System.nanoTime() - start) / 1000);
                                return "ok";
                            })).then();
                    return delay > 0 ? Mono.delay(Duration.ofMillis(delay)).then(respond) : respond;
                })
                .bindNow();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public long requests() {
        return count.get();
    }

    public List<Long> latenciesMicros() {
        return new ArrayList<>(latenciesMicros);
    }

    /** Nearest-rank percentile of the server-side latencies, in milliseconds. */
    public double exactPercentileMillis(double quantile) {
        List<Long> sorted = latenciesMicros();
        sorted.sort(null);
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1000.0;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(2));
    }
}
