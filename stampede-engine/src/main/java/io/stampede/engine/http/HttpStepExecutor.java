package io.stampede.engine.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import io.stampede.core.scenario.HttpBody;
import io.stampede.core.scenario.HttpSettings;
import io.stampede.core.scenario.HttpStep;
import io.stampede.engine.http.client.Http1Client;
import io.stampede.engine.http.client.TlsSettings;
import io.stampede.engine.step.ExecutableStep;
import io.stampede.engine.step.StepCompiler;
import io.stampede.engine.step.StepExecutor;
import io.stampede.engine.step.UserContext;
import io.stampede.engine.template.JsonTemplate;
import io.stampede.engine.template.Template;

/**
 * Runs {@link HttpStep}s on the engine's {@link Http1Client} (keep-alive connections pooled per
 * event loop). Each request is recorded once: method, step name, time from request start to the
 * full body (redirects followed), body length, and null or the failure text.
 */
public final class HttpStepExecutor implements StepExecutor<HttpStep> {

    private final Http1Client client;
    private final ScenarioConnections connections;
    private final Duration defaultTimeout;

    /**
     * @param client         shared by every user; its pools bound concurrent connections per host
     * @param tls            the engine's TLS settings, which a scenario's {@code http.tls} overrides in parts
     * @param defaultTimeout for steps without their own
     */
    public HttpStepExecutor(Http1Client client, TlsSettings tls, Duration defaultTimeout) {
        this.client = client;
        this.connections = new ScenarioConnections(client, tls);
        this.defaultTimeout = defaultTimeout;
    }

    /** With the engine's default TLS settings. */
    public HttpStepExecutor(Http1Client client, Duration defaultTimeout) {
        this(client, TlsSettings.DEFAULT, defaultTimeout);
    }

    @Override
    public Class<HttpStep> stepType() {
        return HttpStep.class;
    }

    @Override
    public ExecutableStep compile(HttpStep step, StepCompiler compiler) {
        if (step.url() == null || step.url().isBlank()) {
            throw new IllegalArgumentException("http: url/path is required");
        }
        String name = step.name() != null && !step.name().isBlank() ? step.name() : step.url();
        String method = step.method() == null ? "GET" : step.method().toUpperCase(Locale.ROOT);
        List<Header> headers = new ArrayList<>();
        // Sorted: the model's maps do not keep the YAML order, requests should be reproducible.
        new TreeMap<>(step.headers()).forEach((key, value) -> headers.add(new Header(key, Template.compile(value))));
        List<Header> query = new ArrayList<>();
        new TreeMap<>(step.query()).forEach((key, value) -> query.add(new Header(key, Template.compile(value))));
        Duration timeout = step.timeout() != null ? step.timeout() : defaultTimeout;
        HttpSettings http = compiler.http();
        return new HttpRequestStep(client, http.compression(), connections.profile(http), method, name,
                Template.compile(step.url()), headers, query, body(step.body()), timeout.toNanos(),
                ResponseCheck.compile(name, step.expect(), step.extract()));
    }

    private static Body body(HttpBody body) {
        return switch (body) {
            case null -> null;
            case HttpBody.Json json -> {
                JsonTemplate document = JsonTemplate.compile(json.document());
                yield new Body("application/json", document::render);
            }
            case HttpBody.Form form -> {
                List<Header> fields = new ArrayList<>();
                new TreeMap<>(form.fields()).forEach((key, value) -> fields.add(new Header(key, Template.compile(value))));
                yield new Body("application/x-www-form-urlencoded",
                        user -> encode(fields, user).getBytes(StandardCharsets.UTF_8));
            }
            case HttpBody.Raw raw -> {
                Template text = Template.compile(raw.text());
                yield new Body(raw.contentType() == null ? "text/plain; charset=utf-8" : raw.contentType(),
                        user -> text.render(user).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** {@code k=v&k2=v2}, URL-encoded. */
    static String encode(List<Header> pairs, UserContext user) {
        StringBuilder out = new StringBuilder();
        for (Header pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(pair.name(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pair.value().render(user), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** A header, query parameter or form field: a literal name and a template value. */
    record Header(String name, Template value) {
    }

    /** A body renderer with its content type. */
    record Body(String contentType, Renderer renderer) {

        @FunctionalInterface
        interface Renderer {
            byte[] render(UserContext user);
        }
    }

}
