package io.stampede.engine.http.client;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, told whether the request in flight was a HEAD (whose response has
 * headers announcing a body that never comes). Netty's {@code HttpClientCodec} learns it from
 * its encoder; this client encodes requests itself.
 */
final class Http1ResponseDecoder extends HttpResponseDecoder {

    private boolean headRequest;

    Http1ResponseDecoder(HttpDecoderConfig config) {
        super(config);
    }

    void expectResponseTo(Http1Request request) {
        headRequest = request.isHead();
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        return headRequest || super.isContentAlwaysEmpty(message);
    }
}
