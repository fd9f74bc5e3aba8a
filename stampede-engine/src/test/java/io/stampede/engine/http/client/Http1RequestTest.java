package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.stampede.engine.http.client.Http1Request.Header;

/** The exact bytes a request is encoded to. */
class Http1RequestTest {

    private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);
    private static final HttpTarget TARGET = HttpTarget.parse("http://127.0.0.1:8080/p?q=1");

    private static Http1Request request(String method, HttpTarget target, List<Header> headers, byte[] body, String type,
                                        boolean reusable) {
        return Http1Request.of(method, target, headers, body, type, "ua/1", reusable);
    }

    private static String encoded(Http1Request request) {
        return encoded(request, null);
    }

    private static String encoded(Http1Request request, String jarCookies) {
        ByteBuf buffer = request.encode(ALLOCATOR, jarCookies);
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            buffer.release();
        }
    }

    @Test
    void aSimpleGetHasTheRequestLineHostUserAgentAndAccept() {
        assertThat(encoded(request("GET", TARGET, List.of(), null, null, false))).isEqualTo("""
                GET /p?q=1 HTTP/1.1\r
                host: 127.0.0.1:8080\r
                user-agent: ua/1\r
                accept: */*\r
                \r
                """);
        // The default port is not in the Host header.
        assertThat(encoded(request("HEAD", HttpTarget.parse("https://example.com/"), List.of(), null, null, false)))
                .startsWith("HEAD / HTTP/1.1\r\nhost: example.com\r\n");
    }

    @Test
    void theCallersHeadersWinAndKeepTheirOrderAndCase() {
        List<Header> headers = List.of(new Header("X-First", "1"), new Header("Host", "virtual.example"),
                new Header("User-Agent", "mine"), new Header("ACCEPT", "application/json"),
                new Header("Content-Type", "text/plain"), new Header("X-Last", "ü"));
        assertThat(encoded(request("POST", TARGET, headers, "abc".getBytes(StandardCharsets.UTF_8), "application/json", false)))
                .isEqualTo("""
                        POST /p?q=1 HTTP/1.1\r
                        X-First: 1\r
                        Host: virtual.example\r
                        User-Agent: mine\r
                        ACCEPT: application/json\r
                        Content-Type: text/plain\r
                        X-Last: ü\r
                        content-length: 3\r
                        \r
                        abc""");
    }

    @Test
    void theBodyIsFramedByTheClientNotByTheCallersHeaders() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String encoded = encoded(request("PUT", TARGET,
                List.of(new Header("Content-Length", "999"), new Header("Transfer-Encoding", "chunked")), body,
                "application/json", false));
        assertThat(encoded).isEqualTo("""
                PUT /p?q=1 HTTP/1.1\r
                host: 127.0.0.1:8080\r
                user-agent: ua/1\r
                accept: */*\r
                content-type: application/json\r
                content-length: 7\r
                \r
                {"a":1}""");
    }

    @Test
    void aBodylessPostPutOrPatchSaysContentLengthZeroAndAGetSaysNothing() {
        for (String method : List.of("POST", "PUT", "PATCH")) {
            assertThat(encoded(request(method, TARGET, List.of(), null, "application/json", false)))
                    .as(method).endsWith("accept: */*\r\ncontent-length: 0\r\n\r\n").doesNotContain("content-type");
        }
        for (String method : List.of("GET", "DELETE", "HEAD", "OPTIONS")) {
            assertThat(encoded(request(method, TARGET, List.of(), null, null, false)))
                    .as(method).doesNotContainIgnoringCase("content-length");
        }
        // An empty body is a body.
        assertThat(encoded(request("DELETE", TARGET, List.of(), new byte[0], null, false)))
                .endsWith("content-length: 0\r\n\r\n");
    }

    @Test
    void badHeaderNamesAndValuesAreRefusedNamingTheHeader() {
        assertThatThrownBy(() -> request("GET", TARGET, List.of(new Header("X-Evil", "a\r\nInjected: 1")), null, null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header 'X-Evil': value contains a line break or NUL");
        assertThatThrownBy(() -> request("GET", TARGET, List.of(new Header("X-Evil", "a\nb")), null, null, false))
                .hasMessageContaining("'X-Evil'");
        assertThatThrownBy(() -> request("GET", TARGET, List.of(new Header("X-Nul", "a\u0000")), null, null, false))
                .hasMessageContaining("'X-Nul'");
        assertThatThrownBy(() -> request("GET", TARGET, List.of(new Header("X Bad", "v")), null, null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header name 'X Bad' has a character not allowed in HTTP (' ')");
        assertThatThrownBy(() -> request("GET", TARGET, List.of(new Header("X-Bad:", "v")), null, null, false))
                .hasMessageContaining("header name 'X-Bad:'");
        assertThatThrownBy(() -> request("GET", TARGET, List.of(new Header("X\r\nInjected", "v")), null, null, false))
                .hasMessageContaining("\\u000d");
        assertThatThrownBy(() -> request("GET", TARGET, List.of(new Header("", "v")), null, null, false))
                .hasMessage("empty header name");
        // Tokens may hold these.
        assertThat(encoded(request("GET", TARGET, List.of(new Header("X-a.b_c~!#$%&'*+^`|", "tab\tok")), null, null, false)))
                .contains("X-a.b_c~!#$%&'*+^`|: tab\tok\r\n");
    }

    @Test
    void aReusableRequestWritesTheSameBytesEveryTime() {
        byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
        Http1Request reusable = request("POST", TARGET, List.of(new Header("X-A", "1")), body, "text/plain", true);
        Http1Request fresh = request("POST", TARGET, List.of(new Header("X-A", "1")), body, "text/plain", false);
        String expected = encoded(fresh);
        for (int i = 0; i < 3; i++) {
            ByteBuf written = reusable.encode(ALLOCATOR, null);
            assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            written.skipBytes(written.readableBytes()); // as a socket write consumes it
            written.release(); // as the write does: the shared encoding survives
        }
        assertThat(encoded(reusable)).isEqualTo(expected);
    }

    @Test
    void theJarsCookiesAreAddedUnlessTheRequestSetsItsOwn() {
        Http1Request reusable = request("GET", TARGET, List.of(new Header("X-A", "1")), null, null, true);
        assertThat(encoded(reusable, "a=1; b=2")).isEqualTo("""
                GET /p?q=1 HTTP/1.1\r
                X-A: 1\r
                host: 127.0.0.1:8080\r
                user-agent: ua/1\r
                accept: */*\r
                cookie: a=1; b=2\r
                \r
                """);
        // The shared encoding is unchanged by a send with cookies.
        assertThat(encoded(reusable)).doesNotContain("cookie");
        Http1Request own = request("POST", TARGET, List.of(new Header("Cookie", "mine=1")), null, null, false);
        assertThat(encoded(own, "jar=1")).contains("Cookie: mine=1\r\n").doesNotContain("jar=1");
    }

    @Test
    void methodsKnowWhetherTheyAreIdempotent() {
        for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE")) {
            assertThat(request(method, TARGET, List.of(), null, null, false).isIdempotent()).as(method).isTrue();
        }
        for (String method : List.of("POST", "PATCH", "CONNECT")) {
            assertThat(request(method, TARGET, List.of(), null, null, false).isIdempotent()).as(method).isFalse();
        }
    }

    @Test
    void redirectsChangeTheMethodAsBrowsersDoAndDropCredentialsAcrossOrigins() {
        byte[] body = "b".getBytes(StandardCharsets.UTF_8);
        List<Header> headers = List.of(new Header("Authorization", "Bearer t"), new Header("Cookie", "s=1"),
                new Header("Content-Type", "text/plain"), new Header("X-Keep", "k"));
        Http1Request post = request("POST", TARGET, headers, body, null, true);
        HttpTarget sameOrigin = TARGET.resolve("/next");
        HttpTarget otherOrigin = HttpTarget.parse("http://127.0.0.1:8081/next");

        Http1Request seeOther = post.redirectedTo(sameOrigin, 303);
        assertThat(seeOther.method()).isEqualTo("GET");
        assertThat(encoded(seeOther)).isEqualTo("""
                GET /next HTTP/1.1\r
                Authorization: Bearer t\r
                Cookie: s=1\r
                X-Keep: k\r
                host: 127.0.0.1:8080\r
                user-agent: ua/1\r
                accept: */*\r
                \r
                """);
        assertThat(post.redirectedTo(sameOrigin, 302).method()).isEqualTo("GET");
        assertThat(post.redirectedTo(sameOrigin, 301).method()).isEqualTo("GET");

        Http1Request temporary = post.redirectedTo(otherOrigin, 307);
        assertThat(encoded(temporary)).isEqualTo("""
                POST /next HTTP/1.1\r
                Content-Type: text/plain\r
                X-Keep: k\r
                host: 127.0.0.1:8081\r
                user-agent: ua/1\r
                accept: */*\r
                content-length: 1\r
                \r
                b""");
        assertThat(encoded(post.redirectedTo(sameOrigin, 308))).startsWith("POST /next HTTP/1.1\r\n").endsWith("\r\n\r\nb");

        Http1Request put = request("PUT", TARGET, List.of(), body, "text/plain", false);
        assertThat(put.redirectedTo(sameOrigin, 302).method()).isEqualTo("PUT");
        assertThat(put.redirectedTo(sameOrigin, 303).method()).isEqualTo("GET");
        Http1Request head = request("HEAD", TARGET, List.of(), null, null, false);
        assertThat(head.redirectedTo(sameOrigin, 303).method()).isEqualTo("HEAD");
        assertThat(head.redirectedTo(sameOrigin, 303).isHead()).isTrue();
    }
}
