package io.stampede.coordinator.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * A client's mistake is never a 500: bodies over a limit (ours, or a codec's in-memory limit)
 * are 413 and unreadable input is 400, answered in Locust's
 * {@code {"success": false, "message": ...}} shape like every other refusal of the API.
 * Controllers with their own handlers (history) keep them: those are more specific.
 */
@RestControllerAdvice
@Order(0)
class ClientErrors {

    private static final Logger log = LoggerFactory.getLogger(ClientErrors.class);

    @ExceptionHandler(RequestBodyLimit.TooLarge.class)
    ResponseEntity<Map<String, Object>> tooLarge(RequestBodyLimit.TooLarge e) {
        return failure(HttpStatus.CONTENT_TOO_LARGE, e.getReason());
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<Map<String, Object>> bufferLimit(DataBufferLimitException e) {
        return failure(HttpStatus.CONTENT_TOO_LARGE, "body: too large (" + e.getMessage() + ")");
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, Object>> badInput(ServerWebInputException e) {
        // A codec wraps what the body limit raised while it was reading.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.TooLarge tooLarge) {
                return tooLarge(tooLarge);
            }
            if (cause instanceof DataBufferLimitException limit) {
                return bufferLimit(limit);
            }
        }
        log.debug("Bad request input", e);
        return failure(HttpStatus.BAD_REQUEST, "body: " + e.getReason());
    }

    static ResponseEntity<Map<String, Object>> failure(HttpStatus status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("message", message);
        return ResponseEntity.status(status).body(body);
    }
}
