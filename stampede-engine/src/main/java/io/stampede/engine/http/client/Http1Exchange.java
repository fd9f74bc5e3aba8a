package io.stampede.engine.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

/**
 * One request from send to the final response: waits for a connection, writes the request,
 * reads the response, follows redirects, retries once on a reused connection that the server
 * had closed (idempotent methods only), and times out as a whole (its loop's
 * {@link ExchangeDeadlines}, not a task of its own). Lives on one event loop; {@link #cancel()}
 * may be called from any thread.
 */
public final class Http1Exchange {

    private final Http1Client client;
    private final Http1Client.LoopPools pools;
    private final boolean aggregateBody;
    /** The listener reads the response's headers: the decoder keeps them all. */
    final boolean allHeaders;
    private final long timeoutNanos;
    private final ResponseListener listener;
    /** The sending user's cookies, or null: none kept. */
    private final CookieJar cookies;
    private Http1Request request;
    /** When it times out ({@link System#nanoTime()}), and its links in its loop's {@link ExchangeDeadlines}. */
    long deadlineNanos;
    ExchangeDeadlines.Queue deadlineQueue;
    Http1Exchange deadlinePrevious;
    Http1Exchange deadlineNext;
    /** The pool it waits in or borrowed its connection from. */
    private ConnectionPool pool;
    /** The connection (HTTP/1.1) or stream (HTTP/2) carrying the request; null while waiting for one. */
    private ExchangeCarrier connection;
    private boolean reusedConnection;
    private boolean retried;
    private int redirects;
    private boolean finished;
    private HttpResponse head;
    private byte[] body;
    private int bodyLength;
    private long length;

    Http1Exchange(Http1Client client, Http1Client.LoopPools pools, Http1Request request, boolean aggregateBody,
                  boolean allHeaders, long timeoutNanos, CookieJar cookies, ResponseListener listener) {
        this.client = client;
        this.cookies = cookies;
        this.pools = pools;
        this.request = request;
        this.aggregateBody = aggregateBody;
        this.allHeaders = allHeaders;
        this.timeoutNanos = timeoutNanos;
        this.listener = listener;
    }

    /** On the event loop. */
    void start() {
        pools.deadlines.add(this, timeoutNanos);
        acquire();
    }

    private void acquire() {
        pool = pools.pool(request.profile(), request.target().origin());
        pool.acquire(this);
    }

    /** The pool hands over a connection or stream: send on it. */
    void assign(ExchangeCarrier assigned) {
        connection = assigned;
        reusedConnection = assigned.reused();
        head = null;
        length = 0;
        bodyLength = 0;
        assigned.send(this, request, cookies == null ? null : cookies.header(request.target()));
    }

    void onHead(HttpResponse response) {
        head = response;
        // getAll builds a list for every response; most responses of a load test set no cookie.
        if (cookies != null && response.headers().contains(HttpHeaderNames.SET_COOKIE)) {
            cookies.store(request.target(), response.headers().getAll(HttpHeaderNames.SET_COOKIE));
        }
        body = null; // sized on the first content: a HEAD or 304 declares a length but sends nothing
    }

    void onContent(ByteBuf content) {
        int readable = content.readableBytes();
        length += readable;
        if (aggregateBody && readable > 0) {
            if (body == null) {
                long declared = io.netty.handler.codec.http.HttpUtil.getContentLength(head, -1L);
                body = new byte[declared >= readable && declared <= 16 << 20 ? (int) declared : Math.max(1024, readable)];
            }
            if (bodyLength + readable > body.length) {
                body = java.util.Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + readable));
            }
            content.getBytes(content.readerIndex(), body, bodyLength, readable);
            bodyLength += readable;
        }
    }

    /**
     * The response is complete (the connection or stream is back in its pool already).
     *
     * @param wireLength the body's bytes as received, before decompression
     */
    void onComplete(long wireLength) {
        connection = null;
        if (finished) {
            return;
        }
        int status = head.status().code();
        if (client.maxRedirects() > 0 && isRedirect(status)) {
            String location = head.headers().get(HttpHeaderNames.LOCATION);
            if (location != null && !location.isBlank()) {
                if (redirects >= client.maxRedirects()) {
                    fail(new Http1Exception.BadRedirect("more than " + client.maxRedirects() + " redirects, the last to '"
                            + location + "'"));
                    return;
                }
                HttpTarget next;
                try {
                    next = request.target().resolve(location.trim());
                } catch (IllegalArgumentException e) {
                    fail(new Http1Exception.BadRedirect("redirect to an unusable Location: " + e.getMessage()));
                    return;
                }
                redirects++;
                request = request.redirectedTo(next, status);
                retried = false;
                acquire();
                return;
            }
        }
        finished = true;
        pools.deadlines.remove(this);
        byte[] result = !aggregateBody ? null
                : body == null ? new byte[0]
                : bodyLength == body.length ? body : java.util.Arrays.copyOf(body, bodyLength);
        listener.onResponse(head, result, length, wireLength);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The connection failed under the request. A connection that had served responses before may
     * have been closed by the server while idle (keep-alive timeout) just as the request went out:
     * an idempotent request is sent once more on another connection, as browsers do.
     */
    void onConnectionFailed(Throwable cause, boolean beforeResponse) {
        connection = null;
        if (finished) {
            return;
        }
        if (beforeResponse && reusedConnection && !retried && request.isIdempotent()) {
            retried = true;
            acquire();
            return;
        }
        fail(cause);
    }

    void onConnectFailed(Throwable cause) {
        if (!finished) {
            fail(cause);
        }
    }

    /** Its deadline passed ({@link ExchangeDeadlines} has already taken it out of its queue). */
    void timedOut() {
        if (finished) {
            return;
        }
        abandon();
        finished = true;
        listener.onFailure(new Http1Exception.Timeout(timeoutNanos));
    }

    /** Drops the request without telling the listener (the user was cut). Any thread. */
    public void cancel() {
        if (pools.loop.inEventLoop()) {
            cancelHere();
        } else {
            pools.loop.execute(this::cancelHere);
        }
    }

    private void cancelHere() {
        if (finished) {
            return;
        }
        finished = true;
        pools.deadlines.remove(this);
        abandon();
    }

    private void abandon() {
        if (connection != null) {
            connection.abort();
            connection = null;
        } else if (pool != null) {
            pool.forget(this);
        }
    }

    private void fail(Throwable cause) {
        finished = true;
        pools.deadlines.remove(this);
        listener.onFailure(cause);
    }
}
