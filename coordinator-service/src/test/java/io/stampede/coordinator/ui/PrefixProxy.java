package io.stampede.coordinator.ui;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A reverse proxy on 127.0.0.1 that maps {@code PREFIX} and {@code PREFIX/x} to
 * {@code UPSTREAM/} and {@code UPSTREAM/x}, as nginx's {@code location /load { proxy_pass
 * http://coordinator/; }} or {@code kubectl proxy} do: the browser sees a prefix the
 * coordinator knows nothing about. Streams bodies, so Server-Sent Events pass through.
 */
final class PrefixProxy implements AutoCloseable {

    private final DisposableServer server;
    final String prefix;

    PrefixProxy(String prefix, String upstream) {
        this.prefix = prefix;
        HttpClient client = HttpClient.create();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> {
                    String rest = request.uri().substring(Math.min(prefix.length(), request.uri().length()));
                    if (!request.uri().startsWith(prefix)) {
                        return response.status(404).send();
                    }
                    String path = rest.startsWith("/") ? rest : "/" + rest;
                    return client.headers(h -> h.add(request.requestHeaders()).remove(HttpHeaderNames.HOST))
                            .request(request.method())
                            .uri(upstream + path)
                            .send(request.receive().retain())
                            .response((upstreamResponse, body) -> {
                                response.status(upstreamResponse.status()).headers(upstreamResponse.responseHeaders());
                                return response.send(body.retain()).then();
                            })
                            .then();
                })
                .bindNow();
    }

    /** The proxied coordinator as the browser sees it, without a trailing slash. */
    String url() {
        return "http://127.0.0.1:" + server.port() + prefix;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
