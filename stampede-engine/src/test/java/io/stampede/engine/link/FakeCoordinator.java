package io.stampede.engine.link;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.StatsReportFrame;
import io.stampede.core.link.LinkMessage;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The coordinator's end of the link, on a real WebSocket server: checks the token, records frames. */
final class FakeCoordinator implements AutoCloseable {

    final BlockingQueue<LinkMessage> received = new LinkedBlockingQueue<>();
    /** Stats reports that came as binary frames, decoded (their reports are in {@link #received} too). */
    final BlockingQueue<StatsReportFrame.Decoded> binaryReports = new LinkedBlockingQueue<>();
    final AtomicInteger handshakes = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    private final String token;
    private final java.util.List<reactor.netty.Connection> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Sinks.Many<String> toWorker;
    private final DisposableServer server;

    FakeCoordinator(int port, String token) {
        this.token = token;
        server = HttpServer.create().host("127.0.0.1").port(port)
                .doOnConnection(connections::add)
                .route(routes -> routes.get("/link", (req, res) -> {
                    handshakes.incrementAndGet();
                    if (!("Bearer " + token).equals(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
                        refused.incrementAndGet();
                        return res.status(HttpResponseStatus.UNAUTHORIZED).send();
                    }
                    return res.sendWebsocket((in, out) -> {
                        Sinks.Many<String> frames = Sinks.many().unicast().onBackpressureBuffer();
                        toWorker = frames;
                        Mono<Void> receiving = in.aggregateFrames(1 << 24).receiveFrames()
                                .doOnNext(frame -> {
                                    if (frame instanceof BinaryWebSocketFrame binary) {
                                        StatsReportFrame.Decoded decoded = StatsReportFrame.decode(binary.content().nioBuffer());
                                        binaryReports.add(decoded);
                                        received.add(decoded.report());
                                    } else if (frame instanceof TextWebSocketFrame text) {
                                        received.add(LinkCodec.decode(text.text()));
                                    }
                                }).then();
                        return Mono.firstWithSignal(receiving, out.sendString(frames.asFlux()).then());
                    });
                }))
                .bindNow();
    }

    /** Like a frozen process or a cut cable: the connections stay open but nothing is read or answered. */
    void freeze() {
        connections.forEach(connection -> connection.channel().config().setAutoRead(false));
    }

    int port() {
        return server.port();
    }

    String uri() {
        return "ws://127.0.0.1:" + server.port() + "/link";
    }

    synchronized void send(LinkMessage message) {
        toWorker.tryEmitNext(LinkCodec.encode(message));
    }

    /** The next frame of that type, skipping others (heartbeats...). */
    <T extends LinkMessage> T next(Class<T> type, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            LinkMessage message = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + limit);
            }
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    @Override
    public void close() {
        // Like a killed process: the kernel closes every connection, not only the listening socket.
        connections.forEach(reactor.netty.Connection::dispose);
        server.disposeNow(Duration.ofSeconds(2));
    }
}
