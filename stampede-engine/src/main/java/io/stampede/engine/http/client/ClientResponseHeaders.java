package io.stampede.engine.http.client;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * Response headers (and trailers) as Netty's {@link DefaultHttpHeaders}, same validation, in a
 * smaller hash table: {@link Http1ResponseDecoder} stores only the headers the client reads
 * itself unless the request's caller reads headers, so a response carries a few (docs/performance.md
 * item 9).
 */
final class ClientResponseHeaders extends DefaultHttpHeaders {

    /** For a response's headers: Netty's validation of names and values. */
    static final HttpHeadersFactory HEADERS = factory(DefaultHttpHeadersFactory.headersFactory(), 4);
    /** For its trailers: Netty's validation of trailer names (no framing headers) and values. */
    static final HttpHeadersFactory TRAILERS = factory(DefaultHttpHeadersFactory.trailersFactory(), 2);

    /**
     * @param buckets of the headers' hash table, Netty's default being 16: a response whose headers
     *                are dropped keeps 1-3 (the table was the next largest allocation per request), and a
     *                response with all its headers is read by at most a few extractors
     */
    private static HttpHeadersFactory factory(DefaultHttpHeadersFactory netty, int buckets) {
        return new HttpHeadersFactory() {
            @Override
            public HttpHeaders newHeaders() {
                return new ClientResponseHeaders(netty, buckets);
            }

            @Override
            public HttpHeaders newEmptyHeaders() {
                return new ClientResponseHeaders(netty, buckets);
            }
        };
    }

    private ClientResponseHeaders(DefaultHttpHeadersFactory validation, int buckets) {
        super(validation.getNameValidator(), validation.getValueValidator(), buckets);
    }
}
