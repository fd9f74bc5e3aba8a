package io.stampede.coordinator.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Locust's refusal, {@code {"success": false, "message": "..."}}, written by web filters that
 * answer before any controller (and so before any controller advice) runs.
 */
public final class Refusal {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Refusal() {
    }

    public static Map<String, Object> body(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("message", message);
        return body;
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String message) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] bytes = JSON.writeValueAsBytes(body(message));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
