package io.stampede.engine.http.client;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * The one place a TLS context learns to offer HTTP/2: ALPN with h2 first, then http/1.1. A server
 * that picks http/1.1, or does not speak ALPN at all, gets HTTP/1.1 (the pool falls back).
 */
public final class Alpn {

    private static final ApplicationProtocolConfig H2_OR_HTTP_1_1 = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            // Both providers (JDK and OpenSSL) support these two behaviours.
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    private Alpn() {
    }

    /** The builder, set to offer h2 and http/1.1 by ALPN: for the contexts of HTTP/2 connection profiles. */
    public static SslContextBuilder offeringH2(SslContextBuilder builder) {
        return builder.applicationProtocolConfig(H2_OR_HTTP_1_1);
    }
}
