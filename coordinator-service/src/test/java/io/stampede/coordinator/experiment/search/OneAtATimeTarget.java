package io.stampede.coordinator.experiment.search;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP target whose capacity is known: it serves one request at a time, each taking
 * {@code serviceMillis}, so it finishes at most {@code 1000 / serviceMillis} requests/s (a little
 * less with its overhead); above that its queue, and the corrected latency, grow for as long as
 * the load lasts — a knee at a low rate.
 */
public final class OneAtATimeTarget implements AutoCloseable {

    private final ExecutorService single = Executors.newSingleThreadExecutor();
    private final DisposableServer server;
    private final int serviceMillis;

    public OneAtATimeTarget(int serviceMillis) {
        this.serviceMillis = serviceMillis;
        Scheduler oneAtATime = Schedulers.fromExecutorService(single);
        server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> res.sendString(
                Mono.fromCallable(() -> {
                    Thread.sleep(serviceMillis);
                    return "ok";
                }).subscribeOn(oneAtATime))).bindNow();
    }

    /** Requests/s it can finish at most. */
    public double capacity() {
        return 1000.0 / serviceMillis;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
        single.shutdownNow();
    }
}
