package io.stampede.engine.link;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;

/** What a failed connection to the coordinator means, so the worker's log sends the operator to the right place. */
public final class LinkFailures {

    private LinkFailures() {
    }

    /** The handshake was answered 401/403: the coordinator is there and refused this worker's token. */
    public static boolean isTokenRejection(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
                int status = handshake.response().status().code();
                return status == 401 || status == 403;
            }
        }
        return false;
    }
}
