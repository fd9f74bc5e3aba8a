package io.stampede.engine.http.client;

import java.time.Duration;

import io.netty.handler.ssl.SslContext;

/**
 * How the client connects and what it follows.
 *
 * @param maxConnectionsPerOrigin open connections to one origin, over all event loops; exchanges beyond wait for one
 * @param connectTimeout          TCP connect timeout (a request's own timeout still covers the whole exchange)
 * @param maxIdle                 an idle connection unused for this long is closed
 * @param maxRedirects            3xx responses followed per request; 0: none (the 3xx is the response)
 * @param userAgent               sent unless the request sets its own
 * @param ssl                     for https origins; null: {@link TlsSettings#DEFAULT}'s (the JDK's trust store,
 *                                host names verified, native TLS where it loads)
 * @param acceptEncoding          the {@code accept-encoding} sent unless a request sets its own; null: none (the
 *                                server sends bodies uncompressed). Compressed responses are decompressed either way.
 * @param proxies                 the proxies origins are reached through; null: none
 * @param h2Ssl                   for https origins of HTTP/2 connection profiles: the same trust as {@code ssl},
 *                                offering h2 by ALPN ({@link Alpn}); null: the default's when {@code ssl} is null
 *                                too, else {@code ssl} itself (which, without ALPN, gets HTTP/1.1)
 */
public record Http1ClientSettings(int maxConnectionsPerOrigin, Duration connectTimeout, Duration maxIdle,
                                  int maxRedirects, String userAgent, SslContext ssl, String acceptEncoding,
                                  HttpProxies proxies, SslContext h2Ssl) {

    /** What browsers, python-requests (Locust's HttpUser) and k6 send by default. */
    public static final String DEFAULT_ACCEPT_ENCODING = "gzip, deflate";

    /** Without a context of its own for HTTP/2. */
    public Http1ClientSettings(int maxConnectionsPerOrigin, Duration connectTimeout, Duration maxIdle,
                               int maxRedirects, String userAgent, SslContext ssl, String acceptEncoding,
                               HttpProxies proxies) {
        this(maxConnectionsPerOrigin, connectTimeout, maxIdle, maxRedirects, userAgent, ssl, acceptEncoding, proxies, null);
    }

    /** With the default {@code accept-encoding}. */
    public Http1ClientSettings(int maxConnectionsPerOrigin, Duration connectTimeout, Duration maxIdle,
                               int maxRedirects, String userAgent, SslContext ssl) {
        this(maxConnectionsPerOrigin, connectTimeout, maxIdle, maxRedirects, userAgent, ssl, DEFAULT_ACCEPT_ENCODING, null);
    }

    public Http1ClientSettings {
        if (maxConnectionsPerOrigin < 1) {
            throw new IllegalArgumentException("maxConnectionsPerOrigin must be >= 1");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be >= 0");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
        maxIdle = maxIdle == null ? Duration.ofSeconds(30) : maxIdle;
        userAgent = userAgent == null ? "stampede/0.1" : userAgent;
        proxies = proxies == null ? HttpProxies.NONE : proxies;
    }

    /** Between Locust FastHttpUser's 5 and python-requests' 30. */
    public static final int DEFAULT_MAX_REDIRECTS = 10;

    public static Http1ClientSettings defaults(int maxConnectionsPerOrigin) {
        return new Http1ClientSettings(maxConnectionsPerOrigin, null, null, DEFAULT_MAX_REDIRECTS, null, null);
    }

    /** With this TLS context for https origins (trust store, client certificate...). */
    public Http1ClientSettings withSsl(SslContext context) {
        return new Http1ClientSettings(maxConnectionsPerOrigin, connectTimeout, maxIdle, maxRedirects, userAgent, context,
                acceptEncoding, proxies, null);
    }

    /**
     * With these TLS contexts for https origins: {@code context} for HTTP/1.1, {@code h2Context} (the
     * same trust, built with {@link Alpn#offeringH2}) for HTTP/2 connection profiles.
     */
    public Http1ClientSettings withSsl(SslContext context, SslContext h2Context) {
        return new Http1ClientSettings(maxConnectionsPerOrigin, connectTimeout, maxIdle, maxRedirects, userAgent, context,
                acceptEncoding, proxies, h2Context);
    }

    /** Through these proxies. */
    public Http1ClientSettings withProxies(HttpProxies through) {
        return new Http1ClientSettings(maxConnectionsPerOrigin, connectTimeout, maxIdle, maxRedirects, userAgent, ssl,
                acceptEncoding, through, h2Ssl);
    }

    /** With this {@code accept-encoding}; null: none. */
    public Http1ClientSettings withAcceptEncoding(String encoding) {
        return new Http1ClientSettings(maxConnectionsPerOrigin, connectTimeout, maxIdle, maxRedirects, userAgent, ssl,
                encoding, proxies, h2Ssl);
    }

    /** With a context made from these TLS settings (provider, trust, client certificate). */
    public Http1ClientSettings withTls(TlsSettings tls) {
        return withSsl(tls.newContext(false), tls.newContext(true));
    }

    /** true: https origins' certificates and host names are not checked (self-signed test targets). */
    public Http1ClientSettings withInsecureTls(boolean insecure) {
        return insecure ? withTls(TlsSettings.DEFAULT.withInsecure(true)) : this;
    }
}
