package io.stampede.coordinator.api;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds every request body ({@link RunLimits#maxBodySize()}, or
 * {@link RunLimits#maxScenarioBodySize()} for the requests that carry a scenario or a suite): a declared
 * {@code Content-Length} over the limit is refused before anything is read, and a chunked body
 * fails with {@link TooLarge} (413) as soon as it passes the limit, whichever codec reads it
 * (form, multipart, JSON), so no body is buffered or spooled to disk beyond the limit.
 */
final class RequestBodyLimit implements WebFilter {

    private final RunLimits limits;

    RequestBodyLimit(RunLimits limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        boolean scenario = carriesScenario(request);
        long limit = (scenario ? limits.maxScenarioBodySize() : limits.maxBodySize()).toBytes();
        String property = scenario ? "max-scenario-body-size" : "max-body-size";
        if (request.getHeaders().getContentLength() > limit) {
            return Refusal.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, new TooLarge(limit, property).getReason());
        }
        ServerHttpRequest bounded = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong read = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (read.addAndGet(buffer.readableByteCount()) > limit) {
                        org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                        sink.error(new TooLarge(limit, property));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(bounded).build());
    }

    private static boolean carriesScenario(ServerHttpRequest request) {
        String path = request.getPath().pathWithinApplication().value();
        return request.getMethod() == HttpMethod.POST && (path.equals("/api/runs") || path.startsWith("/api/scenarios")
                || path.equals("/api/experiments"));
    }

    /** A body over the limit: 413 with Locust's {@code message}, naming the property to raise. */
    static final class TooLarge extends ResponseStatusException {
        TooLarge(long limit, String property) {
            super(HttpStatus.CONTENT_TOO_LARGE, "body: at most " + limit + " bytes " + RunLimits.property(property));
        }
    }
}
