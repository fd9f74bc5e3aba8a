package io.stampede.engine.http.client;

import io.netty.handler.codec.http.HttpResponse;

/** Receives the outcome of one {@link Http1Client#send}: exactly one call, on the request's event loop. */
public interface ResponseListener {

    /**
     * The final response (after redirects) arrived in full.
     *
     * @param body   the whole body when the request asked for it, else null
     * @param length the body's length in bytes
     */
    void onResponse(HttpResponse head, byte[] body, long length);

    /**
     * As {@link #onResponse(HttpResponse, byte[], long)}, with the body's size on the wire: smaller than
     * {@code length} when the server compressed it ({@code body} and {@code length} are the decompressed body).
     */
    default void onResponse(HttpResponse head, byte[] body, long length, long wireLength) {
        onResponse(head, body, length);
    }

    /** No response: connect or TLS failure, the connection closed mid-response, timeout, broken response... */
    void onFailure(Throwable error);
}
