package io.stampede.engine.http.client;

/** The HTTP version a connection profile's requests are sent with. */
public enum HttpProtocol {
    /** One request at a time per connection. */
    HTTP_1_1,
    /**
     * Many concurrent streams per connection, up to the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS}:
     * h2 negotiated by ALPN over TLS (HTTP/1.1 when the server does not offer it), h2c with prior
     * knowledge over plain TCP (HTTP/1.1 through a forward proxy, which cannot carry it).
     */
    HTTP_2
}
