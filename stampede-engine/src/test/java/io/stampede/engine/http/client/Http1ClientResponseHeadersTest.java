package io.stampede.engine.http.client;

import static io.stampede.engine.http.client.RawServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.stampede.engine.http.client.ClientFixture.Response;

/**
 * A request whose caller reads no response header ({@code allHeaders} false, what a step without
 * header extractor sends) keeps only the headers the client reads itself, and every response
 * shape still works with that: lengths, chunks with trailers and folded lines, read-until-close,
 * gzip, cookies, redirects; the next request on the same connection may want them all again.
 */
class Http1ClientResponseHeadersTest {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ClientFixture fixture = track(ClientFixture.withDefaults());
    private RawServer server;

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private Response send(String path, boolean allHeaders, CookieJar cookies) throws Exception {
        return fixture.send(fixture.get(server.url(path)), true, allHeaders, ClientFixture.WAIT, cookies).response();
    }

    private static List<String> names(Response response) {
        return response.headers().names().stream().map(name -> name.toLowerCase(java.util.Locale.ROOT)).sorted().toList();
    }

    @Test
    void onlyTheHeadersTheClientReadsAreKeptUnlessAllAreAskedForOnTheSameConnection() throws Exception {
        String many = RawServer.response(200, "OK", "hello", "Date: Sun, 06 Dec 2026 02:00:00 GMT", "Server: nginx",
                "Content-Type: text/plain", "ETag: \"abc\"", "X-Custom: 1", "Connection: keep-alive");
        server = track(new RawServer(c -> c.serveAll(many)));

        Response slim = send("/slim", false, null);
        assertThat(slim.status()).isEqualTo(200);
        assertThat(slim.text()).isEqualTo("hello");
        assertThat(names(slim)).containsExactly("connection", "content-length");
        assertThat(slim.headers().get("content-length")).isEqualTo("5");

        Response full = send("/full", true, null);
        assertThat(names(full)).containsExactly("connection", "content-length", "content-type", "date", "etag", "server", "x-custom");
        assertThat(full.headers().get("X-Custom")).isEqualTo("1");

        assertThat(send("/slim-again", false, null).headers().contains("server")).isFalse();
        assertThat(server.accepted.get()).as("one keep-alive connection for all three").isEqualTo(1);
    }

    @Test
    void chunkedWithTrailersAndFoldedLinesThenReadUntilClose() throws Exception {
        server = track(new RawServer(c -> {
            if (c.index == 0) {
                c.readRequest();
                c.write("HTTP/1.1 200 OK\r\nX-Folded: first\r\n  continued\r\nTransfer-Encoding: chunked\r\nServer: x\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
                c.readRequest();
                c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nuntil close");
                c.close();
            } else {
                c.serveAll(ok("new connection"));
            }
        }));
        Response chunked = send("/chunked", false, null);
        assertThat(chunked.text()).isEqualTo("hello world");
        assertThat(names(chunked)).containsExactly("transfer-encoding");

        Response closing = send("/close", false, null);
        assertThat(closing.text()).isEqualTo("until close");
        assertThat(names(closing)).containsExactly("connection");

        assertThat(send("/after", false, null).text()).isEqualTo("new connection");
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void gzipIsInflatedAndCookiesAndRedirectsWork() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("inflated body".getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = gzipped.toByteArray();
        server = track(new RawServer(c -> {
            RawServer.Request request;
            while ((request = c.readRequest()) != null) {
                switch (request.target()) {
                    case "/login" -> c.write(RawServer.response(302, "Found", "", "Location: /home", "Server: x",
                            "Set-Cookie: session=s1; Path=/"));
                    case "/home" -> c.write(ok("home " + request.headers().get("cookie")));
                    default -> {
                        c.write(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nVary: Accept-Encoding\r\ncontent-length: "
                                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        c.write(body);
                    }
                }
            }
        }));
        Response inflated = send("/gzip", false, null);
        assertThat(inflated.text()).isEqualTo("inflated body");
        assertThat(inflated.wireLength()).isEqualTo(body.length);
        assertThat(names(inflated)).containsExactly("content-encoding", "content-length");

        CookieJar jar = new CookieJar();
        Response home = send("/login", false, jar);
        assertThat(home.text()).isEqualTo("home session=s1");
        assertThat(jar.size()).isEqualTo(1);
    }

    @Test
    void theNamesTheClientReadsMatchWhateverTheirCase() {
        for (String name : List.of("Content-Length", "TRANSFER-ENCODING", "connection", "Content-Encoding", "Set-Cookie",
                "Location", "Upgrade")) {
            byte[] bytes = (" " + name).getBytes(StandardCharsets.US_ASCII);
            assertThat(ResponseHeadReader.clientReads(bytes, 1, name.length())).as(name).isTrue();
        }
        for (String name : List.of("Content-Type", "Date", "Content-Lengt", "Content-Length2", "Locatio\r")) {
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            assertThat(ResponseHeadReader.clientReads(bytes, 0, name.length())).as(name).isFalse();
        }
    }
}
