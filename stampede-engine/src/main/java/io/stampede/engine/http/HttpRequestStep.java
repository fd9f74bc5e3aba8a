package io.stampede.engine.http;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

import io.netty.buffer.Unpooled;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import io.stampede.engine.step.ExecutableStep;
import io.stampede.engine.step.FailureLog;
import io.stampede.engine.step.StepCallback;
import io.stampede.engine.step.UserContext;
import io.stampede.engine.template.Template;
import io.stampede.engine.template.TemplateException;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/** One compiled HTTP step; an {@link Exchange} holds the state of each request while it runs. */
final class HttpRequestStep implements ExecutableStep {

    private static final byte[] EMPTY = new byte[0];

    /** The shared client with the content type and the constant headers set once (each {@code headers(...)} copies the client's configuration). */
    private final HttpClient prepared;
    /** A request of {@link #prepared} with the method set, when no header depends on the user: per request only the URI is set. */
    private final HttpClient.RequestSender sender;
    private final Timer timer;
    private final String methodName;
    private final HttpMethod method;
    private final String name;
    private final Template url;
    /** The headers whose values are templates, rendered per request. */
    private final List<HttpStepExecutor.Header> headers;
    private final List<HttpStepExecutor.Header> query;
    private final HttpStepExecutor.Body body;
    private final long timeoutNanos;
    private final ResponseCheck check;
    /**
     * The last target of a constant url (no template, no query) with its parsed URI: users of a run share one
     * host, so the target is built and parsed once instead of per request. Null until the first request.
     */
    private volatile ParsedTarget parsedTarget;

    HttpRequestStep(HttpClient client, Timer timer, String methodName, HttpMethod method, String name, Template url,
                    List<HttpStepExecutor.Header> headers, List<HttpStepExecutor.Header> query,
                    HttpStepExecutor.Body body, long timeoutNanos, ResponseCheck check) {
        this.timer = timer;
        this.methodName = methodName;
        this.method = method;
        this.name = name;
        this.url = url;
        List<HttpStepExecutor.Header> constant = headers.stream().filter(h -> h.value().isConstant()).toList();
        this.headers = headers.stream().filter(h -> !h.value().isConstant()).toList();
        this.prepared = body == null && constant.isEmpty() ? client : client.headers(h -> {
            if (body != null) {
                h.set(HttpHeaderNames.CONTENT_TYPE, body.contentType());
            }
            for (HttpStepExecutor.Header header : constant) {
                h.set(header.name(), header.value().render(null));
            }
        });
        this.sender = this.headers.isEmpty() ? prepared.request(method) : null;
        this.query = query;
        this.body = body;
        this.timeoutNanos = timeoutNanos;
        this.check = check;
    }

    @Override
    public void execute(UserContext user, StepCallback done) {
        String target;
        URI uri = null;
        byte[] payload;
        String[] headerValues = new String[headers.size()];
        try {
            if (url.isConstant() && query.isEmpty()) {
                ParsedTarget parsed = parsedTarget;
                if (parsed == null || !Objects.equals(parsed.host(), user.host())) {
                    parsed = ParsedTarget.of(user.host(), target(user));
                    parsedTarget = parsed;
                }
                target = parsed.target();
                uri = parsed.uri();
            } else {
                target = target(user);
            }
            payload = body == null ? null : body.renderer().render(user);
            for (int i = 0; i < headerValues.length; i++) {
                headerValues[i] = headers.get(i).value().render(user);
            }
        } catch (TemplateException | IllegalArgumentException e) {
            fail(user, done, 0, e.getMessage(), null);
            return;
        }
        // Only headers that depend on the user are set per request (each headers(...) copies the configuration).
        HttpClient.RequestSender requestSender = sender != null ? sender : prepared.headers(h -> {
            for (int i = 0; i < headerValues.length; i++) {
                h.set(headers.get(i).name(), headerValues[i]);
            }
        }).request(method);
        HttpClient.RequestSender addressed = uri != null ? requestSender.uri(uri) : requestSender.uri(target);
        HttpClient.ResponseReceiver<?> request = payload == null
                ? addressed
                : addressed.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(payload)));
        Exchange exchange = new Exchange(user, done, target);
        Mono<HttpResult> response = check.readsBody()
                ? request.responseSingle((head, content) -> content.asByteArray()
                        .defaultIfEmpty(EMPTY)
                        .map(bytes -> new HttpResult(head.status().code(), head.responseHeaders(), bytes, bytes.length)))
                // Nothing reads the body: count its bytes (the buffers are released as they pass) instead of copying it.
                : request.response((head, content) -> content
                        .reduce(0, (length, buffer) -> length + buffer.readableBytes())
                        .map(length -> new HttpResult(head.status().code(), head.responseHeaders(), null, length)))
                        .single();
        exchange.timeout = timer.newTimeout(exchange, timeoutNanos, TimeUnit.NANOSECONDS);
        Disposable subscription = response.subscribe(exchange, exchange::onError);
        exchange.subscription = subscription;
        if (exchange.state == Exchange.PENDING) {
            user.track(subscription);
        }
    }

    private String target(UserContext user) {
        String path = url.render(user);
        String absolute;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            absolute = path;
        } else {
            String host = user.host();
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("no host for relative url '" + path + "' (give --host or the scenario's host)");
            }
            boolean hostSlash = host.endsWith("/");
            boolean pathSlash = path.startsWith("/");
            absolute = hostSlash && pathSlash ? host + path.substring(1)
                    : hostSlash || pathSlash ? host + path : host + "/" + path;
        }
        if (query.isEmpty()) {
            return absolute;
        }
        return absolute + (absolute.indexOf('?') >= 0 ? '&' : '?') + HttpStepExecutor.encode(query, user);
    }

    private void fail(UserContext user, StepCallback done, long micros, String error, Throwable cause) {
        user.recorder().record(methodName, name, micros, 0, error);
        FailureLog.warn(methodName + " " + name + " failed: " + error, cause);
        done.complete(false);
    }

    /** A target with its URI, or a null URI when java.net.URI refuses it (Reactor Netty then parses the string as before). */
    private record ParsedTarget(String host, String target, URI uri) {

        static ParsedTarget of(String host, String target) {
            URI uri;
            try {
                uri = URI.create(target);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            return new ParsedTarget(host, target, uri != null && uri.isAbsolute() ? uri : null);
        }
    }

    private static String describe(Throwable error, String target) {
        if (error instanceof ConnectTimeoutException) {
            return "ConnectTimeoutError: connection to " + authority(target) + " timed out";
        }
        if (error instanceof ConnectException) {
            return "ConnectionRefusedError: connection refused by " + authority(target);
        }
        if (error instanceof UnknownHostException) {
            return "NameResolutionError: cannot resolve " + authority(target);
        }
        if (error instanceof PrematureCloseException || error instanceof ClosedChannelException) {
            return "ConnectionError: connection closed before the response was complete";
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String authority(String target) {
        try {
            return URI.create(target).getAuthority();
        } catch (IllegalArgumentException e) {
            return target;
        }
    }

    /** One request in flight: the response, the error or the timeout, whichever comes first, wins. */
    private final class Exchange implements Consumer<HttpResult>, TimerTask {

        static final int PENDING = 0;
        static final int FINISHED = 1;
        private static final AtomicIntegerFieldUpdater<Exchange> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "state");

        private final UserContext user;
        private final StepCallback done;
        private final String target;
        private final long startNanos = System.nanoTime();
        volatile int state;
        volatile Timeout timeout;
        volatile Disposable subscription;

        Exchange(UserContext user, StepCallback done, String target) {
            this.user = user;
            this.done = done;
            this.target = target;
        }

        private boolean finish() {
            if (!STATE.compareAndSet(this, PENDING, FINISHED)) {
                return false;
            }
            Timeout pending = timeout;
            if (pending != null) {
                pending.cancel();
            }
            user.track(null);
            return true;
        }

        private long elapsedMicros() {
            return (System.nanoTime() - startNanos) / 1_000;
        }

        @Override
        public void accept(HttpResult result) {
            if (!finish()) {
                return;
            }
            long micros = elapsedMicros();
            if (user.cut()) {
                done.complete(false);
                return;
            }
            String error;
            try {
                error = check.verify(result, user);
            } catch (TemplateException e) {
                error = e.getMessage();
            }
            user.recorder().record(methodName, name, micros, result.length(), error);
            if (error != null) {
                FailureLog.warn(methodName + " " + name + " failed: " + error, null);
            }
            done.complete(error == null);
        }

        void onError(Throwable error) {
            if (!finish()) {
                return;
            }
            if (user.cut()) {
                done.complete(false);
                return;
            }
            fail(user, done, elapsedMicros(), describe(error, target), error);
        }

        @Override
        public void run(Timeout expired) {
            if (!finish()) {
                return;
            }
            Disposable running = subscription;
            if (running != null) {
                running.dispose();
            }
            if (user.cut()) {
                done.complete(false);
                return;
            }
            long micros = elapsedMicros();
            // Off the timer thread: the user's next steps run on its event loop.
            user.dispatch(() -> fail(user, done, micros, "TimeoutError: no response within " + format(timeoutNanos), null));
        }
    }

    private static String format(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
