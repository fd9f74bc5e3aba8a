package io.stampede.core.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * An HTTP request.
 *
 * @param name    stats key; defaults to the path template, so {@code /todo/${id}} is one row
 * @param method  GET, POST, ...
 * @param url     template: path relative to the host, or an absolute URL
 * @param headers template values
 * @param query   template values, appended to the URL encoded
 * @param body    null for none
 * @param timeout null for the engine default
 * @param expect  null: any status below 400 is a success (Locust's rule)
 * @param extract variable name to extractor
 */
public record HttpStep(String name, String method, String url, Map<String, String> headers,
                       Map<String, String> query, HttpBody body, Duration timeout, Expect expect,
                       Map<String, Extractor> extract) implements Step {

    public HttpStep {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        extract = Map.copyOf(extract);
    }
}
