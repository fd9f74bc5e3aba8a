package io.stampede.engine.http.client;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;

/**
 * Opens TCP connections to an origin, straight or through its proxy: a CONNECT tunnel for https
 * (the origin's TLS runs inside it), the proxy itself for plain http (requests then go in absolute
 * form). Shared by the HTTP/1.1 and HTTP/2 pools of an origin; confined to their event loop.
 */
final class OriginDialer {

    private final Origin origin;
    private final Bootstrap bootstrap;
    /** The proxy connections go through, or null: straight to the origin. */
    final HttpProxies.Proxy proxy;
    private InetSocketAddress proxyAddress;

    OriginDialer(Origin origin, Bootstrap bootstrap, HttpProxies.Proxy proxy) {
        this.origin = origin;
        this.bootstrap = bootstrap;
        this.proxy = proxy;
    }

    /** Https through a proxy: a CONNECT tunnel. */
    boolean tunnels() {
        return proxy != null && origin.secure();
    }

    /** The proxy plain http requests are forwarded through (absolute-form), or null (direct, or a CONNECT tunnel). */
    HttpProxies.Proxy forwardProxy() {
        return origin.secure() ? null : proxy;
    }

    /**
     * Connects.
     *
     * @param handlers adds the connection's handlers (TLS, codecs) to the pipeline, after the tunnel's
     */
    ChannelFuture connect(Consumer<Channel> handlers) {
        boolean tunnel = tunnels();
        Bootstrap attemptBootstrap = bootstrap.clone();
        if (tunnel) {
            // The proxy resolves the origin's name (CONNECT host:port), as curl does; only the proxy's own name is resolved here.
            attemptBootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
        }
        return attemptBootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                if (tunnel) {
                    // Buffers the TLS handshake until the proxy answered CONNECT with 2xx; a refusal fails the exchange.
                    channel.pipeline().addLast(proxyHandler());
                }
                handlers.accept(channel);
            }
        }).connect(tunnel || proxy == null
                ? InetSocketAddress.createUnresolved(origin.host(), origin.port())
                : InetSocketAddress.createUnresolved(proxy.host(), proxy.port()));
    }

    private HttpProxyHandler proxyHandler() {
        // The handler connects to this address instead of the origin's; resolved once per pool (a literal or hosts-file name is instant).
        if (proxyAddress == null || proxyAddress.isUnresolved()) {
            proxyAddress = new InetSocketAddress(proxy.host(), proxy.port());
        }
        HttpProxyHandler handler = proxy.user() == null ? new HttpProxyHandler(proxyAddress)
                : new HttpProxyHandler(proxyAddress, proxy.user(), proxy.password());
        handler.setConnectTimeoutMillis(bootstrap.config().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS) instanceof Integer millis
                ? millis : 30_000);
        return handler;
    }
}
