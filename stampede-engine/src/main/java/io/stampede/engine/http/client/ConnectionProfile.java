package io.stampede.engine.http.client;

import io.netty.handler.ssl.SslContext;

/**
 * How one scenario's connections are made when it differs from the client's defaults: its own TLS
 * context (trust, client certificate) and proxies. Requests carrying a profile get pools of their
 * own, so connections of differently configured runs are never shared. Compared by identity; make
 * one per configuration with {@link Http1Client#profile} and reuse it.
 */
public final class ConnectionProfile {

    final SslContext ssl;
    final HttpProxies proxies;

    ConnectionProfile(SslContext ssl, HttpProxies proxies) {
        this.ssl = ssl;
        this.proxies = proxies;
    }
}
