package io.stampede.sample.web;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Errors as RFC 9457 problem details whose {@code detail} names the field and the reason
 * ({@code "count: must be between 1 and 1000, got 5000"}), or the line and column of
 * malformed JSON.
 */
@RestControllerAdvice
class ProblemAdvice {

    @ExceptionHandler(ServerWebInputException.class)
    ProblemDetail badInput(ServerWebInputException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(e));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ProblemDetail status(ResponseStatusException e) {
        return ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
    }

    /** The database is down or the schema not there yet: a retry later may work. */
    @ExceptionHandler(DataAccessException.class)
    ProblemDetail database(DataAccessException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "database unavailable: " + e.getMostSpecificCause().getMessage());
    }

    private static String describe(ServerWebInputException e) {
        MethodParameter parameter = e.getMethodParameter();
        String name = e instanceof MissingRequestValueException missing ? missing.getName()
                : parameter != null && parameter.getParameterName() != null ? parameter.getParameterName()
                : "body";
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TypeMismatchException mismatch) {
                return name + ": '" + mismatch.getValue() + "' is not a valid "
                        + (mismatch.getRequiredType() == null ? "value" : mismatch.getRequiredType().getSimpleName());
            }
            if (cause instanceof JacksonException json) {
                TokenStreamLocation at = json.getLocation();
                String path = json.getPath().isEmpty() ? "" : " (at " + json.getPathReference() + ")";
                return "body: " + json.getOriginalMessage() + path
                        + (at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
            }
        }
        if (e instanceof MissingRequestValueException) {
            return name + ": is required";
        }
        return name + ": " + e.getReason();
    }
}
