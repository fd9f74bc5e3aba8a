package io.stampede.engine.http;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponse;
import io.stampede.engine.http.client.ConnectionProfile;
import io.stampede.engine.http.client.CookieJar;
import io.stampede.engine.http.client.Http1Client;
import io.stampede.engine.http.client.Http1Exception;
import io.stampede.engine.http.client.Http1Exchange;
import io.stampede.engine.http.client.Http1Request;
import io.stampede.engine.http.client.HttpTarget;
import io.stampede.engine.http.client.ResponseListener;
import io.stampede.engine.step.ExecutableStep;
import io.stampede.engine.step.FailureLog;
import io.stampede.engine.step.StepCallback;
import io.stampede.engine.step.UserContext;
import io.stampede.engine.step.UserState;
import io.stampede.engine.template.Template;
import io.stampede.engine.template.TemplateException;

import reactor.core.Disposable;

/** One compiled HTTP step; an {@link Exchange} holds the state of each request while it runs. */
final class HttpRequestStep implements ExecutableStep {

    /** Each user's cookies, kept across its requests like a browser session. */
    static final UserState<CookieJar> COOKIES = UserState.of(CookieJar::new);

    private final Http1Client client;
    private final boolean compression;
    /** How the scenario's connections are made; null: the client's defaults. */
    private final ConnectionProfile profile;
    private final String method;
    private final String name;
    private final Template url;
    private final List<HttpStepExecutor.Header> headers;
    private final List<HttpStepExecutor.Header> query;
    private final HttpStepExecutor.Body body;
    private final long timeoutNanos;
    private final ResponseCheck check;
    /** Url, headers and body all constant: the request is built and encoded once per target host. */
    private final boolean constant;
    /** The constant request for the last host it was built for; null until the first request. */
    private volatile PreparedRequest prepared;

    HttpRequestStep(Http1Client client, boolean compression, ConnectionProfile profile, String method, String name, Template url,
                    List<HttpStepExecutor.Header> headers, List<HttpStepExecutor.Header> query,
                    HttpStepExecutor.Body body, long timeoutNanos, ResponseCheck check) {
        this.client = client;
        this.compression = compression;
        this.profile = profile;
        this.method = method;
        this.name = name;
        this.url = url;
        this.headers = headers;
        this.query = query;
        this.body = body;
        this.timeoutNanos = timeoutNanos;
        this.check = check;
        this.constant = url.isConstant() && query.isEmpty() && body == null
                && headers.stream().allMatch(header -> header.value().isConstant());
    }

    @Override
    public void execute(UserContext user, StepCallback done) {
        EventLoop loop = user.eventLoop();
        if (!loop.inEventLoop()) {
            // After a step that completes elsewhere (a Kubernetes call): requests start on the user's own loop.
            user.dispatch(() -> execute(user, done));
            return;
        }
        Http1Request request;
        try {
            request = request(user);
        } catch (TemplateException | IllegalArgumentException e) {
            fail(user, done, 0, e.getMessage(), null);
            return;
        }
        Exchange exchange = new Exchange(user, done, request.target());
        Http1Exchange sent = client.send(loop, request, check.readsBody(), check.readsHeaders(), timeoutNanos, user.state(COOKIES), exchange);
        if (!exchange.finished) {
            exchange.sent = sent;
            user.track(exchange);
        }
    }

    private Http1Request request(UserContext user) {
        if (constant) {
            PreparedRequest last = prepared;
            if (last == null || !Objects.equals(last.host(), user.host())) {
                last = new PreparedRequest(user.host(), build(user, true));
                prepared = last;
            }
            return last.request();
        }
        return build(user, false);
    }

    private Http1Request build(UserContext user, boolean reusable) {
        HttpTarget target = HttpTarget.parse(target(user));
        List<Http1Request.Header> rendered = new ArrayList<>(headers.size());
        for (HttpStepExecutor.Header header : headers) {
            rendered.add(new Http1Request.Header(header.name(), header.value().render(user)));
        }
        byte[] payload = body == null ? null : body.renderer().render(user);
        return client.request(method, target, rendered, payload, body == null ? null : body.contentType(), compression,
                profile, reusable);
    }

    private String target(UserContext user) {
        String path = url.render(user);
        String absolute;
        if (path.regionMatches(true, 0, "http://", 0, 7) || path.regionMatches(true, 0, "https://", 0, 8)) {
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
        user.recorder().record(method, name, micros, 0, error);
        FailureLog.warn(method + " " + name + " failed: " + error, cause);
        done.complete(false);
    }

    /** Stable failure texts (they group failures), in Locust's style of naming the error class. */
    static String describe(Throwable error, HttpTarget target) {
        Throwable cause = error;
        if (cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() instanceof SSLException ssl) {
            cause = ssl;
        }
        return switch (cause) {
            case Http1Exception.Timeout timeout -> "TimeoutError: no response within " + format(timeout.timeoutNanos());
            case Http1Exception.ConnectionClosed ignored -> "ConnectionError: connection closed before the response was complete";
            case Http1Exception.InvalidResponse invalid -> "InvalidResponseError: " + invalid.getMessage();
            case Http1Exception.BadRedirect redirect -> "RedirectError: " + redirect.getMessage();
            case Http1Exception.StreamReset reset -> "StreamResetError: " + reset.getMessage();
            case ConnectTimeoutException ignored -> "ConnectTimeoutError: connection to " + target.origin().authority() + " timed out";
            case io.netty.handler.proxy.ProxyConnectException proxy -> "ProxyError: " + proxy.getMessage();
            case ConnectException ignored -> "ConnectionRefusedError: connection refused by " + target.origin().authority();
            case UnknownHostException ignored -> "NameResolutionError: cannot resolve " + target.origin().host();
            case ClosedChannelException ignored -> "ConnectionError: connection closed before the response was complete";
            case SSLException ssl -> "SSLError: " + io.stampede.engine.http.client.TlsProvider.reason(ssl);
            default -> {
                String message = cause.getMessage();
                // "Connection reset" from the JDK (NIO), "...: Connection reset by peer" from epoll.
                if (message != null && message.contains("Connection reset")) {
                    yield "ConnectionResetError: connection reset by peer";
                }
                yield cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
            }
        };
    }

    private static String format(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private record PreparedRequest(String host, Http1Request request) {
    }

    /** One request in flight, on its user's event loop: the response or the failure completes the step once. */
    private final class Exchange implements ResponseListener, Disposable {

        private final UserContext user;
        private final StepCallback done;
        private final HttpTarget target;
        private final long startNanos = System.nanoTime();
        boolean finished;
        Http1Exchange sent;

        Exchange(UserContext user, StepCallback done, HttpTarget target) {
            this.user = user;
            this.done = done;
            this.target = target;
        }

        private long elapsedMicros() {
            return (System.nanoTime() - startNanos) / 1_000;
        }

        /** The exchange ended: false when the user was cut meanwhile (the step ends unrecorded). */
        private boolean settled() {
            finished = true;
            user.track(null);
            if (user.cut()) {
                done.complete(false);
                return false;
            }
            return true;
        }

        @Override
        public void onResponse(HttpResponse head, byte[] bytes, long length) {
            long micros = elapsedMicros();
            if (!settled()) {
                return;
            }
            String error;
            try {
                error = check.verify(new HttpResult(head.status().code(), head.headers(), bytes, (int) length), user);
            } catch (TemplateException e) {
                error = e.getMessage();
            }
            user.recorder().record(method, name, micros, length, error);
            if (error != null) {
                FailureLog.warn(method + " " + name + " failed: " + error, null);
            }
            done.complete(error == null);
        }

        @Override
        public void onFailure(Throwable error) {
            long micros = elapsedMicros();
            if (!settled()) {
                return;
            }
            fail(user, done, micros, describe(error, target), error instanceof Http1Exception ? null : error);
        }

        /** The user was cut: drop the request (its connection is closed, nothing is recorded). */
        @Override
        public void dispose() {
            Http1Exchange running = sent;
            if (running != null) {
                running.cancel();
            }
        }

        @Override
        public boolean isDisposed() {
            return finished;
        }
    }
}
