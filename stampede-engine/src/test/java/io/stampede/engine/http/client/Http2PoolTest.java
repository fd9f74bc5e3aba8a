package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * The HTTP/2 pool against an in-process Netty h2c server whose SETTINGS allow {@value #STREAMS}
 * concurrent streams and which holds the requests of {@code /hold} until {@value #STREAMS} are in
 * flight on their connection, then answers them all: a client that sent them one at a time, or
 * more than the limit, would hang or be refused. Deterministic, no timing.
 */
class Http2PoolTest {

    static final int STREAMS = 4;

    EventLoopGroup serverGroup;
    Channel server;
    int port;
    /** Requests in flight per server connection, and the most seen at once. */
    final Map<Channel, List<Runnable>> held = new ConcurrentHashMap<>();
    final Map<Channel, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();

    @BeforeEach
    void startServer() throws InterruptedException {
        serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accepted.incrementAndGet();
                        channel.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(STREAMS)).build(),
                                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                    @Override
                                    protected void initChannel(Http2StreamChannel stream) {
                                        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                                new HttpObjectAggregator(1 << 20), new Handler());
                                    }
                                }));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** Answers "<connection number> <uri>"; holds /hold until the connection has STREAMS in flight; resets /reset. */
    final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Channel connection = ctx.channel().parent();
            if (request.uri().equals("/reset")) {
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
                return;
            }
            int now = inFlight.computeIfAbsent(connection, c -> new AtomicInteger()).incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            String text = connection.id().asShortText() + " " + request.uri();
            Runnable answer = () -> {
                inFlight.get(connection).decrementAndGet();
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
                HttpUtil.setContentLength(response, response.content().readableBytes());
                ctx.writeAndFlush(response);
            };
            if (!request.uri().startsWith("/hold")) {
                answer.run();
                return;
            }
            List<Runnable> waiting = held.computeIfAbsent(connection, c -> new ArrayList<>());
            waiting.add(answer);
            if (waiting.size() == STREAMS) {
                List<Runnable> all = List.copyOf(waiting);
                waiting.clear();
                all.forEach(Runnable::run);
            }
        }
    }

    @AfterEach
    void stopServer() {
        server.close().syncUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    List<ClientFixture.Response> sendAll(ClientFixture fixture, ConnectionProfile http2, String path, int count) throws Exception {
        List<ClientFixture.Call> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(fixture.send(fixture.client.request("GET", HttpTarget.parse("http://127.0.0.1:" + port + path + i),
                    List.of(), null, null, true, http2, false)));
        }
        List<ClientFixture.Response> responses = new ArrayList<>();
        for (ClientFixture.Call call : calls) {
            responses.add(call.response());
        }
        return responses;
    }

    @Test
    void oneConnectionCarriesAsManyConcurrentStreamsAsTheServerAllows() throws Exception {
        try (ClientFixture fixture = new ClientFixture(ClientFixture.settings(1, null, 0))) {
            List<ClientFixture.Response> responses = sendAll(fixture, fixture.client.profile(null, null, HttpProtocol.HTTP_2),
                    "/hold/", 3 * STREAMS);

            assertThat(responses).extracting(ClientFixture.Response::status).containsOnly(200);
            assertThat(responses.stream().map(r -> r.text().split(" ")[0]).distinct()).hasSize(1);
            assertThat(mostInFlight.get()).isEqualTo(STREAMS);
            assertThat(fixture.openConnections("http://127.0.0.1:" + port)).isEqualTo(1);
        }
    }

    @Test
    void aNewConnectionOpensOnlyWhenEveryStreamOfTheOpenOnesIsTaken() throws Exception {
        try (ClientFixture fixture = new ClientFixture(ClientFixture.settings(8, null, 0))) {
            List<ClientFixture.Response> responses = sendAll(fixture, fixture.client.profile(null, null, HttpProtocol.HTTP_2),
                    "/hold/", 3 * STREAMS);

            assertThat(responses).extracting(ClientFixture.Response::status).containsOnly(200);
            // 12 requests at 4 streams each: once the first connection's SETTINGS said 4, two more open for the 8
            // waiting (its own 4 streams may then serve some of those first: /hold answers any 4 on one connection).
            assertThat(fixture.openConnections("http://127.0.0.1:" + port)).isEqualTo(3);
            assertThat(accepted.get()).isEqualTo(3);
            assertThat(mostInFlight.get()).isEqualTo(STREAMS);
        }
    }

    @Test
    void aStreamResetByTheServerFailsItsRequestOnlyAndTheConnectionGoesOn() throws Exception {
        try (ClientFixture fixture = new ClientFixture(ClientFixture.settings(1, null, 0))) {
            ConnectionProfile http2 = fixture.client.profile(null, null, HttpProtocol.HTTP_2);
            Throwable failure = fixture.send(fixture.client.request("GET", HttpTarget.parse("http://127.0.0.1:" + port + "/reset"),
                    List.of(), null, null, true, http2, false)).failure();
            assertThat(failure).isInstanceOf(Http1Exception.StreamReset.class)
                    .hasMessage("stream reset by the server (REFUSED_STREAM)");

            List<ClientFixture.Response> after = sendAll(fixture, http2, "/after/", 2);
            assertThat(after).extracting(ClientFixture.Response::status).containsOnly(200);
            assertThat(fixture.openConnections("http://127.0.0.1:" + port)).isEqualTo(1);
        }
    }
}
