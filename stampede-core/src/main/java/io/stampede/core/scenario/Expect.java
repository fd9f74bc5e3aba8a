package io.stampede.core.scenario;

import java.util.List;
import java.util.Map;

/**
 * What a response must look like; a mismatch is recorded as a failure with the reason.
 *
 * @param status       accepted status ranges; empty: below 400
 * @param bodyContains null, or a template the body must contain
 * @param jsonPath     JSONPath expression to expected value (String template, Number, Boolean, or
 *                     {@link #NULL} for JSON null, since the map cannot hold null)
 */
public record Expect(List<StatusRange> status, String bodyContains, Map<String, Object> jsonPath) {

    /** Stands for an expected JSON {@code null} in {@link #jsonPath()}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    public Expect {
        status = List.copyOf(status);
        jsonPath = Map.copyOf(jsonPath);
    }

    /** An inclusive range of HTTP status codes; a single code has from == to. */
    public record StatusRange(int from, int to) {

        public boolean contains(int status) {
            return status >= from && status <= to;
        }
    }
}
