package io.stampede.bench.delay;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.Locale;

/**
 * An HTTP target whose latency is known: every request (any path but {@code /__delays} and
 * {@code /__reset}) is answered {@code ok} after a delay drawn from a seeded
 * {@link DelayDistribution}. The server measures each request itself, from the moment it saw
 * the request to the moment it hands the response to the socket, and keeps every value, so
 * {@code GET /__delays} reports the exact percentiles a load tool should find.
 */
public final class DelayServer implements AutoCloseable {

    /** Percentiles reported, as in Locust's {@code response_time_percentile_*} keys. */
    public static final double[] PERCENTILES = {50, 66, 75, 80, 90, 95, 98, 99, 99.9};

    private final DelayDistribution distribution;
    private final ExactPercentiles applied;
    private final ExactPercentiles measured;
    private final DisposableServer server;

    public DelayServer(String host, int port, DelayDistribution distribution, int capacity) {
        this.distribution = distribution;
        this.applied = new ExactPercentiles(capacity);
        this.measured = new ExactPercentiles(capacity);
        this.server = HttpServer.create()
                .host(host)
                .port(port)
                .route(routes -> routes
                        .get("/__delays", (request, response) -> response
                                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .sendString(Mono.fromSupplier(this::reportJson)))
                        .get("/__reset", (request, response) -> {
                            applied.reset();
                            measured.reset();
                            return response.sendString(Mono.just("ok"));
                        })
                        .route(request -> true, (request, response) -> {
                            long start = System.nanoTime();
                            long delayMicros = distribution.nextMicros();
                            return request.receive().then()
                                    .then(Mono.delay(Duration.ofNanos(delayMicros * 1000)))
                                    .then(Mono.defer(() -> {
                                        applied.record(delayMicros);
                                        measured.record((System.nanoTime() - start) / 1000);
                                        return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                                                .sendString(Mono.just("ok")).then();
                                    }));
                        }))
                .bindNow();
    }

    public int port() {
        return server.port();
    }

    public int count() {
        return measured.count();
    }

    /** Exact percentiles in milliseconds (as Locust reports them) of the measured and the applied delays. */
    public String reportJson() {
        return "{\"count\":" + measured.count()
                + ",\"measured_ms\":" + percentilesJson(measured)
                + ",\"applied_ms\":" + percentilesJson(applied) + "}";
    }

    private static String percentilesJson(ExactPercentiles values) {
        long[] micros = values.valuesAt(PERCENTILES);
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < PERCENTILES.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(percentileKey(PERCENTILES[i])).append("\":")
                    .append(String.format(Locale.ROOT, "%.3f", micros[i] / 1000.0));
        }
        return json.append('}').toString();
    }

    /** Locust's key suffix: 50 → "0.5", 99.9 → "0.999". */
    public static String percentileKey(double percentile) {
        return java.math.BigDecimal.valueOf(percentile).movePointLeft(2).stripTrailingZeros().toPlainString();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
