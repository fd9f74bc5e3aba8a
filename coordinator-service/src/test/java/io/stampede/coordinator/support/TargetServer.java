package io.stampede.coordinator.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.LongUnaryOperator;

import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The system under test for end-to-end tests: a real HTTP server on loopback that counts
 * requests and records, server side, how long each one took (its delay is chosen by the
 * request's sequence number, so the distribution is known).
 */
public final class TargetServer implements AutoCloseable {

    private final AtomicLong count = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private final BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler;
    private final int port;
    private volatile DisposableServer server;
    /** Open connections, so the target can really go away (a closed listener leaves them open). */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile boolean away;

    /** @param delayMillis delay of the n-th request (n from 1) */
    public TargetServer(LongUnaryOperator delayMillis) {
        handler = (req, res) -> {
            if (away) {
                return res.withConnection(Connection::dispose).then();
            }
            long n = count.incrementAndGet();
            long start = System.nanoTime();
            long delay = delayMillis.applyAsLong(n);
            Mono<Void> respond = res.header("Content-Type", "text/plain")
                    .sendString(Mono.fromSupplier(() -> {
                        latenciesMicros.add((System.nanoTime() - start) / 1000);
                        return "ok";
                    })).then();
            return delay > 0 ? Mono.delay(Duration.ofMillis(delay)).then(respond) : respond;
        };
        server = bind(0);
        port = server.port();
    }

    private DisposableServer bind(int on) {
        return HttpServer.create().host("127.0.0.1").port(on)
                .doOnConnection(connection -> connections.add(connection.channel()))
                .handle(handler).bindNow();
    }

    /** The target goes away: its port refuses connections, open connections close. The count stays. */
    public void goAway() {
        away = true;
        server.disposeNow(Duration.ofSeconds(2));
        connections.close().syncUninterruptibly();
    }

    /** The target is back on the same port. */
    public void comeBack() {
        server = bind(port);
        away = false;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
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
