package io.stampede.engine.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidJsonException;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.stampede.core.scenario.Expect;
import io.stampede.core.scenario.Extractor;
import io.stampede.engine.step.UserContext;
import io.stampede.engine.template.Template;

/**
 * An HTTP step's {@code expect} and {@code extract}, compiled once: decides whether a response
 * is a success and pulls values into user variables. Error texts are stable (no timestamps,
 * no ids unless the scenario puts them there) so failures group well.
 */
final class ResponseCheck {

    private static final Configuration JSON = Configuration.defaultConfiguration();

    private final String url;
    private final List<Expect.StatusRange> statuses;
    private final Template bodyContains;
    private final List<JsonExpectation> jsonExpectations;
    private final List<Extraction> extractions;
    /** Decided once: asked for every request, where a stream over the extractions showed in allocation profiles. */
    private final boolean readsBody;
    private final boolean readsHeaders;

    private ResponseCheck(String url, List<Expect.StatusRange> statuses, Template bodyContains,
                          List<JsonExpectation> jsonExpectations, List<Extraction> extractions) {
        this.url = url;
        this.statuses = statuses;
        this.bodyContains = bodyContains;
        this.jsonExpectations = jsonExpectations;
        this.extractions = extractions;
        this.readsBody = bodyContains != null || !jsonExpectations.isEmpty()
                || extractions.stream().anyMatch(extraction -> extraction.header == null);
        this.readsHeaders = extractions.stream().anyMatch(extraction -> extraction.header != null);
    }

    /** @param url the step's stats name, used in Locust-style HTTPError texts */
    static ResponseCheck compile(String url, Expect expect, Map<String, Extractor> extract) {
        List<JsonExpectation> json = new ArrayList<>();
        List<Expect.StatusRange> statuses = List.of();
        Template bodyContains = null;
        if (expect != null) {
            statuses = expect.status();
            bodyContains = expect.bodyContains() == null ? null : Template.compile(expect.bodyContains());
            expect.jsonPath().forEach((path, value) -> json.add(new JsonExpectation(path, jsonPath(path),
                    value == Expect.NULL ? null : value instanceof String text ? Template.compile(text) : value)));
        }
        List<Extraction> extractions = new ArrayList<>();
        extract.forEach((variable, extractor) -> extractions.add(extraction(variable, extractor)));
        return new ResponseCheck(url, statuses, bodyContains, List.copyOf(json), List.copyOf(extractions));
    }

    private static JsonPath jsonPath(String expression) {
        try {
            return JsonPath.compile(expression);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JSONPath '" + expression + "': " + e.getMessage(), e);
        }
    }

    private static Extraction extraction(String variable, Extractor extractor) {
        return switch (extractor) {
            case Extractor.JsonPath json -> new Extraction(variable, json.expression(), jsonPath(json.expression()), null, null, 0);
            case Extractor.Header header -> new Extraction(variable, "header " + header.name(), null, header.name(), null, 0);
            case Extractor.Regex regex -> new Extraction(variable, "regex " + regex.pattern(), null, null,
                    Pattern.compile(regex.pattern()), regex.group());
        };
    }

    /** Whether {@link #verify} needs the response body, or only its status, headers and length. */
    boolean readsBody() {
        return readsBody;
    }

    /**
     * Whether {@link #verify} reads response headers (a header extractor); if not, the client keeps
     * only those it reads itself (no entry for a response's date, server, etag ...).
     */
    boolean readsHeaders() {
        return readsHeaders;
    }

    /** @return null when the response is a success (variables extracted), else the failure text */
    String verify(HttpResult result, UserContext user) {
        String statusError = checkStatus(result.status());
        if (statusError != null) {
            return statusError;
        }
        String text = null;
        if (bodyContains != null) {
            text = result.bodyText();
            String expected = bodyContains.render(user);
            if (!text.contains(expected)) {
                return "body does not contain '" + expected + "'";
            }
        }
        Object document = null;
        for (JsonExpectation expectation : jsonExpectations) {
            if (document == null) {
                text = text == null ? result.bodyText() : text;
                document = parse(text);
                if (document == null) {
                    return "response is not JSON (expected " + expectation.expression + ")";
                }
            }
            String error = expectation.check(document, user);
            if (error != null) {
                return error;
            }
        }
        for (Extraction extraction : extractions) {
            String value;
            if (extraction.jsonPath != null) {
                if (document == null) {
                    text = text == null ? result.bodyText() : text;
                    document = parse(text);
                    if (document == null) {
                        return "extract " + extraction.variable + ": response is not JSON";
                    }
                }
                value = extraction.fromJson(document);
            } else if (extraction.header != null) {
                value = result.headers().get(extraction.header);
            } else {
                text = text == null ? result.bodyText() : text;
                Matcher matcher = extraction.regex.matcher(text);
                value = matcher.find() && extraction.group <= matcher.groupCount() ? matcher.group(extraction.group) : null;
            }
            if (value == null) {
                return "extract " + extraction.variable + ": " + extraction.source + " not found in response";
            }
            user.setVariable(extraction.variable, value);
        }
        return null;
    }

    private String checkStatus(int status) {
        if (statuses.isEmpty()) {
            if (status < 400) {
                return null;
            }
            String kind = status < 500 ? "Client Error" : "Server Error";
            return "HTTPError('" + status + " " + kind + ": " + HttpResponseStatus.valueOf(status).reasonPhrase()
                    + " for url: " + url + "')";
        }
        for (Expect.StatusRange range : statuses) {
            if (range.contains(status)) {
                return null;
            }
        }
        return "unexpected status " + status + " (expected " + statuses.stream()
                .map(r -> r.from() == r.to() ? Integer.toString(r.from()) : r.from() + "-" + r.to())
                .collect(Collectors.joining(", ")) + ")";
    }

    private static Object parse(String text) {
        try {
            return JSON.jsonProvider().parse(text);
        } catch (InvalidJsonException e) {
            return null;
        }
    }

    private static String display(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }

    private record JsonExpectation(String expression, JsonPath path, Object expected) {

        String check(Object document, UserContext user) {
            Object actual;
            try {
                actual = path.read(document, JSON);
            } catch (PathNotFoundException e) {
                return expression + " not found in response";
            }
            Object wanted = expected instanceof Template template ? template.render(user) : expected;
            if (!matches(wanted, actual)) {
                return expression + ": expected " + display(wanted) + " but was " + display(actual);
            }
            return null;
        }

        private static boolean matches(Object wanted, Object actual) {
            if (wanted == null || actual == null) {
                return wanted == actual;
            }
            if (wanted instanceof Number w && actual instanceof Number a) {
                return new BigDecimal(w.toString()).compareTo(new BigDecimal(a.toString())) == 0;
            }
            if (wanted instanceof Boolean || actual instanceof Boolean) {
                return String.valueOf(wanted).equals(String.valueOf(actual));
            }
            return String.valueOf(wanted).equals(actual instanceof String ? actual : String.valueOf(actual));
        }
    }

    private record Extraction(String variable, String source, JsonPath jsonPath, String header, Pattern regex, int group) {

        String fromJson(Object document) {
            Object value;
            try {
                value = jsonPath.read(document, JSON);
            } catch (PathNotFoundException e) {
                return null;
            }
            if (!jsonPath.isDefinite() && value instanceof List<?> list) {
                value = list.isEmpty() ? null : list.getFirst();
            }
            if (value == null) {
                return null;
            }
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                return JSON.jsonProvider().toJson(value);
            }
            return value.toString();
        }
    }
}
