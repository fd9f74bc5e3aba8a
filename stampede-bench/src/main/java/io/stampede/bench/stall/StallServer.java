package io.stampede.bench.stall;

import java.time.Duration;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A target that answers at once, except that it stalls for {@code stall} every {@code every}
 * (a GC pause, a lock, a failover): a request that arrives during a stall is answered when the
 * stall ends. The case coordinated omission hides: a closed-loop or uncorrected generator sends
 * little during the stall and reports a clean p99; the corrected latency shows it.
 */
public final class StallServer implements AutoCloseable {

    private final long startNanos = System.nanoTime();
    private final long everyNanos;
    private final long stallNanos;
    private final DisposableServer server;

    public StallServer(String host, int port, Duration every, Duration stall) {
        this.everyNanos = every.toNanos();
        this.stallNanos = stall.toNanos();
        this.server = HttpServer.create().host(host).port(port)
                .handle((request, response) -> request.receive().then().then(Mono.defer(() -> {
                    long wait = remainingStallNanos(System.nanoTime() - startNanos, everyNanos, stallNanos);
                    Mono<String> body = Mono.just("ok");
                    return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                            .sendString(wait > 0 ? body.delayElement(Duration.ofNanos(wait)) : body).then();
                })))
                .bindNow();
    }

    /**
     * How long a request arriving {@code sinceStart} after the server started waits: the rest of
     * the stall it falls in, else 0.
     */
    static long remainingStallNanos(long sinceStart, long everyNanos, long stallNanos) {
        long intoCycle = Math.floorMod(sinceStart, everyNanos);
        // The stall closes each cycle: [every - stall, every).
        long stallStart = everyNanos - stallNanos;
        return intoCycle >= stallStart ? everyNanos - intoCycle : 0;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
