package io.stampede.engine.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * One request and its response on a stream of an {@link Http2Connection}. The stream's frames
 * become Netty's {@code HttpObject}s here, so the response is read by the same
 * {@link ResponseReader} as over HTTP/1.1 (status, headers, body, gzip/deflate, wire bytes).
 */
final class Http2Stream implements ExchangeCarrier {

    private final Http2Connection connection;
    private final boolean reused;
    private final ResponseReader reader = new ResponseReader();
    /** Its stream id once the request went out; 0 before. */
    int id;
    private Http1Exchange exchange;
    private boolean finalHead;
    private boolean ended;
    /** The server's RST_STREAM code, if it reset the stream. */
    private Http2Error reset;

    Http2Stream(Http2Connection connection, boolean reused) {
        this.connection = connection;
        this.reused = reused;
    }

    @Override
    public boolean reused() {
        return reused;
    }

    @Override
    public void send(Http1Exchange next, Http1Request request, String cookies) {
        exchange = next;
        connection.send(this, request, cookies);
    }

    /** Resets the stream (RST_STREAM CANCEL); the connection stays. */
    @Override
    public void abort() {
        exchange = null;
        reader.dropInflater();
        end();
        connection.cancel(this);
    }

    void headers(Http2Headers headers, boolean endOfStream) {
        if (finalHead) {
            read(LastHttpContent.EMPTY_LAST_CONTENT); // trailers end the body
            return;
        }
        HttpResponse response;
        try {
            response = HttpConversionUtil.toHttpResponse(id, headers, false);
        } catch (Http2Exception e) {
            broken(e);
            return;
        }
        boolean interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        finalHead = !interim;
        read(response);
        if (interim || endOfStream) {
            read(LastHttpContent.EMPTY_LAST_CONTENT); // an interim response has no body; the reader then waits for the final one
        }
    }

    void data(ByteBuf data, boolean endOfStream) {
        read(endOfStream ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data));
    }

    void resetBy(Http2Error error) {
        reset = error;
    }

    /** The codec closed the stream (complete, reset, or the connection went away). */
    void closed() {
        reader.dropInflater();
        failed(reset != null ? new Http1Exception.StreamReset(reset.name()) : new Http1Exception.ConnectionClosed(null),
                reader.head() == null);
    }

    private void read(HttpObject message) {
        Http1Exchange current = exchange;
        switch (reader.read(message, current)) {
            case MORE -> {
            }
            case BROKEN -> broken(reader.failure());
            case COMPLETE -> {
                long wireLength = reader.wireLength();
                exchange = null;
                connection.served++;
                connection.pool.received(wireLength);
                // The stream's slot is free for the next request before this exchange completes.
                end();
                current.onComplete(wireLength);
            }
        }
    }

    private void broken(Throwable cause) {
        Http1Exchange current = exchange;
        exchange = null;
        reader.dropInflater();
        end();
        connection.cancel(this);
        if (current != null) {
            current.onConnectionFailed(new Http1Exception.InvalidResponse(cause), false);
        }
    }

    void failed(Throwable cause, boolean beforeResponse) {
        Http1Exchange current = exchange;
        exchange = null;
        end();
        if (current != null) {
            current.onConnectionFailed(cause, beforeResponse);
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            connection.streamEnded();
        }
    }
}
