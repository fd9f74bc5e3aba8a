package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Compressed responses from a real Netty server whose {@link HttpContentCompressor} picks gzip or
 * deflate from the request's {@code accept-encoding}, as nginx's {@code gzip on} does.
 */
class Http1ClientCompressionTest {

    /** Compresses well: 20 KB of a repeated line. */
    static final String BODY = "the quick brown fox jumps over the lazy dog\n".repeat(500);

    static EventLoopGroup serverGroup;
    static Channel server;
    static int port;
    ClientFixture fixture;

    @BeforeAll
    static void startServer() throws InterruptedException {
        serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpContentCompressor(),
                                new HttpObjectAggregator(1 << 20), new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.OK, Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8));
                                        String asked = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
                                        response.headers().set("x-accept-encoding", asked == null ? "(none)" : asked)
                                                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                                        HttpUtil.setContentLength(response, response.content().readableBytes());
                                        ctx.writeAndFlush(response);
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    @AfterAll
    static void stopServer() {
        server.close().syncUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void client() {
        fixture = ClientFixture.withDefaults();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/text";
    }

    @Test
    void asksForGzipAndDeflateByDefaultAndReadsTheBodyDecompressedWhileCountingTheWireBytes() throws Exception {
        long before = fixture.client.bodyBytesReceived();

        ClientFixture.Response response = fixture.exchange(fixture.get(url()));

        assertThat(response.headers().get("x-accept-encoding")).isEqualTo("gzip, deflate");
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(response.text()).isEqualTo(BODY);
        assertThat(response.length()).isEqualTo(BODY.length());
        assertThat(response.wireLength()).isPositive().isLessThan(BODY.length() / 10);
        assertThat(fixture.client.bodyBytesReceived() - before).isEqualTo(response.wireLength());
    }

    @Test
    void aStepsOwnAcceptEncodingWinsAndDeflateIsDecompressedToo() throws Exception {
        ClientFixture.Response response = fixture.exchange(fixture.get(url(), new Http1Request.Header("Accept-Encoding", "deflate")));

        assertThat(response.headers().get("x-accept-encoding")).isEqualTo("deflate");
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("deflate");
        assertThat(response.text()).isEqualTo(BODY);
        assertThat(response.wireLength()).isLessThan(response.length());
    }

    @Test
    void withCompressionOffNothingIsAskedAndTheBodyComesAsItIs() throws Exception {
        Http1Request plain = fixture.client.request("GET", HttpTarget.parse(url()), java.util.List.of(), null, null, false, false);

        ClientFixture.Response response = fixture.exchange(plain);

        assertThat(response.headers().get("x-accept-encoding")).isEqualTo("(none)");
        assertThat(response.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        assertThat(response.text()).isEqualTo(BODY);
        assertThat(response.wireLength()).isEqualTo(response.length()).isEqualTo(BODY.length());
    }

    @Test
    void bodiesNotKeptAreStillCountedDecompressedAndTheConnectionIsReused() throws Exception {
        for (int i = 0; i < 3; i++) {
            ClientFixture.Response response = fixture.send(fixture.get(url()), false, ClientFixture.WAIT).response();
            assertThat(response.body()).isNull();
            assertThat(response.length()).isEqualTo(BODY.length());
        }
        assertThat(fixture.openConnections(url())).isEqualTo(1);
    }
}
