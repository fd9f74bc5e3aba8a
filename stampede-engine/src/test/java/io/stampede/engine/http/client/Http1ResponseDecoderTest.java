package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The client's own response decoder against Netty's {@code HttpResponseDecoder} on the same bytes,
 * split at every position: the same responses (version, status, reason, headers, body, trailers)
 * or a failure where Netty fails. With the caller reading no headers, it keeps exactly the
 * headers the client reads itself.
 */
class Http1ResponseDecoderTest {

    private static final HttpDecoderConfig LIMITS = new HttpDecoderConfig().setMaxHeaderSize(32 * 1024)
            .setMaxInitialLineLength(8 * 1024);

    static List<String> responses() {
        return List.of(
                // nginx's answer to the benchmark's GET
                "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 07 Dec 2026 01:35:08 GMT\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 2\r\nConnection: keep-alive\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n"
                        + "0\r\nX-Checksum: abc\r\nX-Other:  two \r\n\r\n",
                "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nread until the connection closes",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 201 Created\r\nContent-Length: 5\r\nLocation: /items/1\r\n\r\nfinal",
                "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\nETag: \"x\"\r\n\r\n",
                "HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nv1.0",
                "HTTP/1.1 200 OK\r\nX-Folded: first\r\n  continued\r\n\tand more\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
                        + "Content-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\ntwo",
                "HTTP/1.1 200 Fine Thanks\r\nX-Spaces :  padded value  \r\nContent-Length: 1\r\n\r\nx",
                "HTTP/1.1 404\r\nContent-Length: 2\r\n\r\nno",
                "HTTP/1.1 200 OK\nContent-Length: 2\n\nlf",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 7\r\n\r\n2\r\nzz\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Encoding: gzip\r\n\r\nfives",
                "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.com/\r\nContent-Length: " + 3000 + "\r\n\r\n"
                        + "b".repeat(3000),
                // not responses: Netty fails on each, and so must the client's decoder
                "HTTP/1.1 abc\r\n\r\n",
                "hello\r\n\r\n",
                "HTTP/1.1 200 OK\r\ncontent-length: x\r\n\r\n",
                "HTTP/1.1 200 OK\r\nx-too-big: " + "x".repeat(40_000) + "\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n");
    }

    @ParameterizedTest
    @MethodSource("responses")
    void decodesAsNettyDoesWhereverTheBytesAreSplit(String response) {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        List<String> expected = decode(netty(), bytes, bytes.length);
        assertThat(expected).as("Netty's reading").isNotEmpty();
        int step = bytes.length > 1000 ? 97 : 1;
        for (int split = 0; split <= bytes.length; split += step) {
            assertThat(decode(ours(true), bytes, split)).as("split at %d", split).isEqualTo(expected);
        }
        assertThat(decodeByteByByte(ours(true), bytes)).as("a byte per read").isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("responses")
    void withoutTheCallerReadingHeadersOnlyThoseTheClientReadsAreKept(String response) {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        List<String> expected = decode(netty(), bytes, bytes.length).stream().map(Http1ResponseDecoderTest::clientReadsOnly).toList();
        assertThat(decode(ours(false), bytes, bytes.length)).isEqualTo(expected);
    }

    private static EmbeddedChannel netty() {
        return new EmbeddedChannel(new HttpResponseDecoder(LIMITS));
    }

    private static EmbeddedChannel ours(boolean allHeaders) {
        HttpDecoderConfig config = LIMITS.clone().setHeadersFactory(ClientResponseHeaders.HEADERS)
                .setTrailersFactory(ClientResponseHeaders.TRAILERS);
        Http1ResponseDecoder decoder = new Http1ResponseDecoder(config);
        decoder.expectResponseTo(Http1Request.of("GET", HttpTarget.parse("http://127.0.0.1/"), List.of(), null, null, null, false),
                allHeaders);
        return new EmbeddedChannel(decoder);
    }

    /** What the decoder emits, as text: each head, each run of body bytes, each end; then the channel closes. */
    private static List<String> decode(EmbeddedChannel channel, byte[] bytes, int split) {
        List<String> events = new ArrayList<>();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
        drain(channel, events);
        if (split < bytes.length) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
            drain(channel, events);
        }
        channel.finish();
        drain(channel, events);
        return merged(events);
    }

    private static List<String> decodeByteByByte(EmbeddedChannel channel, byte[] bytes) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, 1));
            drain(channel, events);
        }
        channel.finish();
        drain(channel, events);
        return merged(events);
    }

    private static void drain(EmbeddedChannel channel, List<String> events) {
        Object message;
        while ((message = channel.readInbound()) != null) {
            try {
                HttpObject object = (HttpObject) message;
                if (object.decoderResult().isFailure()) {
                    events.add("FAILED");
                    continue;
                }
                if (object instanceof HttpResponse head) {
                    events.add("HEAD " + head.protocolVersion() + " " + head.status().code() + " '"
                            + head.status().reasonPhrase() + "' " + headers(head.headers()));
                }
                if (object instanceof HttpContent content) {
                    ByteBuf body = content.content();
                    if (body.isReadable()) {
                        events.add("BODY " + body.toString(StandardCharsets.ISO_8859_1));
                    }
                    if (content instanceof LastHttpContent last) {
                        events.add("END " + headers(last.trailingHeaders()));
                    }
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
    }

    /** Runs of body text joined (decoders may cut a body differently); everything after a failure dropped. */
    private static List<String> merged(List<String> events) {
        List<String> merged = new ArrayList<>();
        for (String event : events) {
            if (!merged.isEmpty() && merged.getLast().equals("FAILED")) {
                break;
            }
            if (event.startsWith("BODY ") && !merged.isEmpty() && merged.getLast().startsWith("BODY ")) {
                merged.set(merged.size() - 1, merged.getLast() + event.substring(5));
            } else {
                merged.add(event);
            }
        }
        return merged;
    }

    private static Map<String, List<String>> headers(HttpHeaders headers) {
        Map<String, List<String>> byName = new TreeMap<>();
        for (Map.Entry<String, String> header : headers) {
            byName.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(header.getValue());
        }
        return byName;
    }

    /** A HEAD or END event's headers narrowed to the client's own names. */
    private static String clientReadsOnly(String event) {
        if (!event.startsWith("HEAD ") && !event.startsWith("END ")) {
            return event;
        }
        int brace = event.indexOf('{');
        String prefix = event.substring(0, brace);
        String body = event.substring(brace + 1, event.length() - 1);
        List<String> kept = new ArrayList<>();
        for (String entry : splitEntries(body)) {
            String name = entry.substring(0, entry.indexOf('='));
            if (List.of(ResponseHeadReader.CLIENT_READS).contains(name)) {
                kept.add(entry);
            }
        }
        return prefix + "{" + String.join(", ", kept) + "}";
    }

    /** "a=[1], b=[2, 3]" into its entries. */
    private static List<String> splitEntries(String body) {
        List<String> entries = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                entries.add(body.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (!body.isBlank()) {
            entries.add(body.substring(start).trim());
        }
        return entries;
    }
}
