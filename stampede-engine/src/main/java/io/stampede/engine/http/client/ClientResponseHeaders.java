package io.stampede.engine.http.client;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;

/**
 * Response headers (and trailers) as Netty's {@link DefaultHttpHeaders}, same validation, except
 * that a header the decoder named {@link #DROPPED} is not stored. {@link Http1ResponseDecoder}
 * names so every header the client does not read itself when the request's caller reads no
 * header either: a response's {@code date}, {@code server}, {@code etag}, {@code content-type} ...
 * then cost neither a name copy nor a header entry (the largest allocation of a request in the
 * JFR profile, docs/performance.md item 9).
 */
final class ClientResponseHeaders extends DefaultHttpHeaders {

    /** The name of a header to drop; compared by identity, never stored. */
    static final AsciiString DROPPED = new AsciiString("x-stampede-dropped");

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

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        return name == DROPPED ? this : super.add(name, value);
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        return add((CharSequence) name, value);
    }
}
