package io.stampede.engine.http.client;

import io.netty.handler.ssl.SslContext;

/**
 * How one scenario's connections are made when it differs from the client's defaults: its own TLS
 * context (trust, client certificate), proxies and HTTP version. Requests carrying a profile get pools of their
 * own, so connections of differently configured runs are never shared. Compared by identity; make
 * one per configuration with {@link Http1Client#profile} and reuse it.
 */
public final class ConnectionProfile {

    /** For https origins; with {@link HttpProtocol#HTTP_2}, one offering h2 by ALPN (see {@link Alpn}). */
    final SslContext ssl;
    final HttpProxies proxies;
    final HttpProtocol protocol;

    ConnectionProfile(SslContext ssl, HttpProxies proxies, HttpProtocol protocol) {
        this.ssl = ssl;
        this.proxies = proxies;
        this.protocol = protocol;
    }
}
