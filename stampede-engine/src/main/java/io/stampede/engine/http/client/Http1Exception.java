package io.stampede.engine.http.client;

import java.io.IOException;

/** Failures the client detects itself (connect, TLS and DNS failures arrive as Netty/JDK exceptions). */
public abstract sealed class Http1Exception extends IOException {

    Http1Exception(String message, Throwable cause) {
        super(message, cause);
    }

    /** No complete response within the request's timeout (connecting and waiting for a connection included). */
    public static final class Timeout extends Http1Exception {
        private final long timeoutNanos;

        Timeout(long timeoutNanos) {
            super("no response within " + timeoutNanos / 1_000_000 + " ms", null);
            this.timeoutNanos = timeoutNanos;
        }

        public long timeoutNanos() {
            return timeoutNanos;
        }
    }

    /** The connection closed before the response was complete. */
    public static final class ConnectionClosed extends Http1Exception {
        ConnectionClosed(Throwable cause) {
            super("connection closed before the response was complete", cause);
        }
    }

    /** The server's bytes are not an HTTP/1.x response (bad status line, header too large...). */
    public static final class InvalidResponse extends Http1Exception {
        InvalidResponse(Throwable cause) {
            super("invalid HTTP response: " + (cause == null ? "unknown" : cause.getMessage()), cause);
        }
    }

    /** More redirects than allowed, or a redirect without a usable Location. */
    public static final class BadRedirect extends Http1Exception {
        BadRedirect(String message) {
            super(message, null);
        }
    }

    /** The server reset the request's HTTP/2 stream (RST_STREAM) before the response was complete. */
    public static final class StreamReset extends Http1Exception {
        StreamReset(String errorCode) {
            super("stream reset by the server (" + errorCode + ")", null);
        }
    }
}
