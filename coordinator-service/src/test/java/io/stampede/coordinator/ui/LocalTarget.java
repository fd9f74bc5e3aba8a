package io.stampede.coordinator.ui;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 for the runs to load: {@code /} answers at once,
 * {@code /slow} after 20 ms, {@code /fail} with a 500.
 */
final class LocalTarget implements AutoCloseable {

    private final DisposableServer server;
    final AtomicLong requests = new AtomicLong();

    LocalTarget() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .get("/", (req, res) -> {
                            requests.incrementAndGet();
                            return res.sendString(Mono.just("ok"));
                        })
                        .get("/slow", (req, res) -> {
                            requests.incrementAndGet();
                            return res.sendString(Mono.just("slow").delayElement(Duration.ofMillis(20)));
                        })
                        .get("/fail", (req, res) -> {
                            requests.incrementAndGet();
                            return res.status(500).sendString(Mono.just("broken"));
                        }))
                .bindNow();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
