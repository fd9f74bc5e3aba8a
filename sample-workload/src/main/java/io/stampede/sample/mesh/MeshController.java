package io.stampede.sample.mesh;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.stampede.sample.SampleProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Mesh mode: {@code GET /mesh} calls every configured backend concurrently, so sample apps
 * pointing at each other form a call graph (the App Mesh seed harness).
 */
@RestController
class MeshController {

    private final WebClient client;
    private final List<URI> backends;
    private final Duration timeout;

    MeshController(WebClient.Builder builder, SampleProperties properties) {
        this.client = builder.build();
        this.backends = List.copyOf(properties.mesh().backends());
        this.timeout = properties.mesh().timeout();
    }

    @GetMapping(value = "/mesh", produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<ResponseEntity<String>> mesh() {
        return Flux.fromIterable(backends)
                .flatMapSequential(this::call)
                .filter(BackendCall::failed)
                .collectList()
                .map(failed -> failed.isEmpty()
                        ? ResponseEntity.ok("backends Success")
                        : ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(
                                "backends failed: " + failed.stream().map(BackendCall::toString)
                                        .collect(Collectors.joining(", "))));
    }

    private Mono<BackendCall> call(URI backend) {
        return client.get().uri(backend)
                .retrieve()
                .toBodilessEntity()
                .timeout(timeout)
                .map(response -> new BackendCall(backend, null))
                .onErrorResume(e -> Mono.just(new BackendCall(backend, reason(e))));
    }

    private String reason(Throwable e) {
        return switch (e) {
            case WebClientResponseException r -> "HTTP " + r.getStatusCode().value();
            case TimeoutException t -> "no answer within " + timeout.toMillis() + " ms";
            case WebClientRequestException r -> connectionError(r.getMostSpecificCause());
            default -> e.getClass().getSimpleName();
        };
    }

    private static String connectionError(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // Netty's native transport prefixes "finishConnect(..) failed with error(-111): "
        int errno = message.indexOf("): ");
        return errno >= 0 ? message.substring(errno + 3) : message;
    }
}
