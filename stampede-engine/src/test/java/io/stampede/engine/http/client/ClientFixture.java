package io.stampede.engine.http.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/**
 * One {@link Http1Client} on its own single NIO event loop, and helpers that send a request and
 * wait (bounded) for its one outcome. Checks that each listener hears exactly once, on the loop.
 */
public final class ClientFixture implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(5);

    public final EventLoopGroup group;
    public final EventLoop loop;
    public final Http1Client client;
    private final AtomicInteger listenerViolations = new AtomicInteger();

    /** The socket transports the engine may run on: NIO everywhere, epoll where Netty's native library loads. */
    public enum Transport {
        NIO, EPOLL;

        /** Skips the calling test, saying why, when this transport cannot run here. */
        public void assumeAvailable() {
            if (this == EPOLL) {
                Assumptions.assumeTrue(Epoll.isAvailable(), () -> "epoll is not available here: " + Epoll.unavailabilityCause());
            }
        }
    }

    public ClientFixture(Http1ClientSettings settings) {
        this(settings, Transport.NIO);
    }

    public ClientFixture(Http1ClientSettings settings, Transport transport) {
        transport.assumeAvailable();
        if (transport == Transport.EPOLL) {
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            client = new Http1Client(group, EpollSocketChannel.class, EpollDatagramChannel.class, settings);
        } else {
            group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            client = new Http1Client(group, NioSocketChannel.class, NioDatagramChannel.class, settings);
        }
        loop = group.next();
    }

    public static ClientFixture withDefaults() {
        return new ClientFixture(Http1ClientSettings.defaults(8));
    }

    public static Http1ClientSettings settings(int maxConnections, Duration maxIdle, int maxRedirects) {
        return new Http1ClientSettings(maxConnections, Duration.ofSeconds(5), maxIdle, maxRedirects, "stampede-test", null);
    }

    public Http1Request request(String method, String url, byte[] body, String contentType, Http1Request.Header... headers) {
        return client.request(method, HttpTarget.parse(url), List.of(headers), body, contentType, false);
    }

    public Http1Request get(String url, Http1Request.Header... headers) {
        return request("GET", url, null, null, headers);
    }

    /** A request in flight: its outcome, and how often its listener was called. */
    public record Call(Http1Exchange exchange, CompletableFuture<Response> outcome, AtomicInteger calls) {

        public Response response() throws Exception {
            try {
                return outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("expected a response, got " + e.getCause(), e.getCause());
            }
        }

        public Throwable failure() throws InterruptedException, TimeoutException {
            try {
                Response response = outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError("expected a failure, got HTTP " + response.status());
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    }

    /** The final response as the listener got it. */
    public record Response(HttpResponse head, byte[] body, long length, long wireLength) {

        public int status() {
            return head.status().code();
        }

        public HttpHeaders headers() {
            return head.headers();
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public Call send(Http1Request request, boolean aggregate, Duration timeout) {
        return send(request, aggregate, true, timeout, null);
    }

    /** @param allHeaders false: the response keeps only the headers the client reads itself; cookies: null for none */
    public Call send(Http1Request request, boolean aggregate, boolean allHeaders, Duration timeout, CookieJar cookies) {
        CompletableFuture<Response> outcome = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        Http1Exchange exchange = client.send(loop, request, aggregate, allHeaders, timeout.toNanos(), cookies, new ResponseListener() {
            @Override
            public void onResponse(HttpResponse head, byte[] body, long length) {
                throw new AssertionError("the client calls the variant with the wire length");
            }

            @Override
            public void onResponse(HttpResponse head, byte[] body, long length, long wireLength) {
                heard();
                outcome.complete(new Response(head, body, length, wireLength));
            }

            @Override
            public void onFailure(Throwable error) {
                heard();
                outcome.completeExceptionally(error);
            }

            private void heard() {
                if (calls.incrementAndGet() != 1 || !loop.inEventLoop()) {
                    listenerViolations.incrementAndGet();
                }
            }
        });
        return new Call(exchange, outcome, calls);
    }

    public Call send(Http1Request request) {
        return send(request, true, WAIT);
    }

    /** Sends and waits for the response. */
    public Response exchange(Http1Request request) throws Exception {
        return send(request).response();
    }

    /** Sends and waits for the failure. */
    public Throwable failure(Http1Request request, Duration timeout) throws Exception {
        return send(request, true, timeout).failure();
    }

    public int openConnections(String url) {
        return client.openConnections(HttpTarget.parse(url).origin());
    }

    /** Over every origin and loop, as the engine's metrics read it. */
    public long openConnections() {
        return client.openConnections();
    }

    @Override
    public void close() {
        client.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (listenerViolations.get() != 0) {
            throw new AssertionError(listenerViolations.get() + " listener call(s) more than once or off the event loop");
        }
    }
}
