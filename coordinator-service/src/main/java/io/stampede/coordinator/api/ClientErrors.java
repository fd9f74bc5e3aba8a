package io.stampede.coordinator.api;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * A client's mistake is never a 500: bodies over a limit (ours, or a codec's in-memory limit)
 * are 413 and unreadable bodies (bad JSON, a multipart body without its boundary) are 400,
 * answered in Locust's {@code {"success": false, "message": ...}} shape like every other
 * refusal of the API. Controllers with their own handlers (history) keep them: those are more
 * specific.
 */
@RestControllerAdvice
@Order(0)
class ClientErrors {

    private static final Logger log = LoggerFactory.getLogger(ClientErrors.class);

    @ExceptionHandler({RequestBodyLimit.TooLarge.class, DataBufferLimitException.class, ServerWebInputException.class,
            CodecException.class})
    ResponseEntity<Map<String, Object>> unreadableBody(Exception e) {
        // Codecs wrap what the body limit raised while they were reading: the innermost cause decides.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.TooLarge tooLarge) {
                return failure(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getReason());
            }
            if (cause instanceof DataBufferLimitException limit) {
                return failure(HttpStatus.CONTENT_TOO_LARGE, "body: too large (" + limit.getMessage() + ")");
            }
        }
        log.debug("Unreadable request body", e);
        String reason = e instanceof ServerWebInputException input ? input.getReason() : e.getMessage();
        return failure(HttpStatus.BAD_REQUEST, "body: " + reason);
    }

    private static ResponseEntity<Map<String, Object>> failure(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Refusal.body(message));
    }
}
