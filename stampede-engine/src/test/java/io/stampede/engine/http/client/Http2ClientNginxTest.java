package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * HTTP/2 against a real nginx ({@link NginxH2Server}): h2c with prior knowledge, h2 by ALPN over
 * TLS, the fall back to HTTP/1.1 when TLS offers no h2, many streams on one connection within
 * nginx's {@code http2_max_concurrent_streams}, gzip over h2. nginx's {@code $server_protocol}
 * in each body and its access log tell the protocol actually spoken.
 */
class Http2ClientNginxTest {

    @TempDir
    static Path dir;
    static NginxH2Server nginx;

    @BeforeAll
    static void start() throws Exception {
        nginx = new NginxH2Server(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    /** One connection per origin at most, trusting nginx's self-signed certificate; h2 offered by ALPN to HTTP/2 profiles. */
    static ClientFixture oneConnectionClient() throws Exception {
        SslContext http1 = SslContextBuilder.forClient().trustManager(nginx.certificate().toFile()).build();
        SslContext h2 = Alpn.offeringH2(SslContextBuilder.forClient().trustManager(nginx.certificate().toFile())).build();
        return new ClientFixture(ClientFixture.settings(1, null, 0).withSsl(http1, h2));
    }

    static Http1Request h2Get(ClientFixture fixture, ConnectionProfile profile, String url) {
        return fixture.client.request("GET", HttpTarget.parse(url), List.of(), null, null, true, profile, false);
    }

    @Test
    void h2cWithPriorKnowledgeCarriesManyConcurrentRequestsOnOneConnectionWithinTheServersStreamLimit() throws Exception {
        try (ClientFixture fixture = oneConnectionClient()) {
            ConnectionProfile http2 = fixture.client.profile(null, null, HttpProtocol.HTTP_2);
            String base = "http://127.0.0.1:" + nginx.h2cPort;
            int before = nginx.accessLog().size();
            List<ClientFixture.Call> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // 40 in flight at once, 5 times nginx's stream limit: beyond it nginx would refuse streams.
                calls.add(fixture.send(h2Get(fixture, http2, base + "/h2c/" + i)));
            }
            Set<String> connections = new java.util.HashSet<>();
            for (int i = 0; i < calls.size(); i++) {
                ClientFixture.Response response = calls.get(i).response();
                assertThat(response.status()).isEqualTo(200);
                String[] fields = response.text().trim().split(" ");
                assertThat(fields[0]).isEqualTo("HTTP/2.0");
                assertThat(fields[3]).isEqualTo("/h2c/" + i);
                connections.add(fields[1]);
            }
            assertThat(connections).hasSize(1);
            assertThat(fixture.openConnections(base)).isEqualTo(1);
            List<String> logged = nginx.accessLog().subList(before, before + 40);
            assertThat(logged).allSatisfy(line -> assertThat(line).startsWith("HTTP/2.0 " + connections.iterator().next() + " "));
            assertThat(logged.stream().map(line -> line.split(" ")[2]).collect(Collectors.toSet())).hasSize(40);
        }
    }

    @Test
    void httpsNegotiatesH2ByAlpnAndTheDefaultProfileStaysOnHttp11() throws Exception {
        try (ClientFixture fixture = oneConnectionClient()) {
            ConnectionProfile http2 = fixture.client.profile(null, null, HttpProtocol.HTTP_2);
            String base = "https://127.0.0.1:" + nginx.h2TlsPort;
            List<ClientFixture.Call> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(fixture.send(h2Get(fixture, http2, base + "/alpn/" + i)));
            }
            Set<String> connections = new java.util.HashSet<>();
            for (ClientFixture.Call call : calls) {
                String[] fields = call.response().text().trim().split(" ");
                assertThat(fields[0]).isEqualTo("HTTP/2.0");
                connections.add(fields[1]);
            }
            assertThat(connections).hasSize(1);

            ClientFixture.Response plain = fixture.exchange(fixture.get(base + "/default"));
            assertThat(plain.text()).startsWith("HTTP/1.1 ");
        }
    }

    @Test
    void httpsWithoutH2FallsBackToHttp11ForEveryRequestOfTheOrigin() throws Exception {
        try (ClientFixture fixture = oneConnectionClient()) {
            ConnectionProfile http2 = fixture.client.profile(null, null, HttpProtocol.HTTP_2);
            String base = "https://127.0.0.1:" + nginx.http1TlsPort;
            List<ClientFixture.Call> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(fixture.send(h2Get(fixture, http2, base + "/fallback/" + i)));
            }
            for (ClientFixture.Call call : calls) {
                assertThat(call.response().text()).startsWith("HTTP/1.1 ");
            }
            assertThat(fixture.exchange(h2Get(fixture, http2, base + "/after")).text()).startsWith("HTTP/1.1 ");
            assertThat(fixture.openConnections(base)).isEqualTo(1);
        }
    }

    @Test
    void gzipBodiesAreInflatedOverH2AndTheirWireSizeKept() throws Exception {
        try (ClientFixture fixture = oneConnectionClient()) {
            ConnectionProfile http2 = fixture.client.profile(null, null, HttpProtocol.HTTP_2);
            ClientFixture.Response response = fixture.exchange(h2Get(fixture, http2, "http://127.0.0.1:" + nginx.h2cPort + "/text"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(NginxH2Server.TEXT);
            assertThat(response.length()).isEqualTo(NginxH2Server.TEXT.length());
            assertThat(response.wireLength()).isPositive().isLessThan(NginxH2Server.TEXT.length() / 10);
            assertThat(nginx.accessLog()).anySatisfy(line -> assertThat(line).startsWith("HTTP/2.0 ").contains(" GET /text 200"));
        }
    }

    @Test
    void aPostBodyTravelsInADataFrame() throws Exception {
        try (ClientFixture fixture = oneConnectionClient()) {
            ConnectionProfile http2 = fixture.client.profile(null, null, HttpProtocol.HTTP_2);
            Http1Request post = fixture.client.request("POST", HttpTarget.parse("http://127.0.0.1:" + nginx.h2cPort + "/form"),
                    List.of(new Http1Request.Header("X-Trace", "1")), "a=1&b=2".getBytes(StandardCharsets.UTF_8),
                    "application/x-www-form-urlencoded", true, http2, false);
            ClientFixture.Response response = fixture.exchange(post);

            assertThat(response.text()).startsWith("HTTP/2.0 ").endsWith(" POST /form\n");
        }
    }

    @Test
    void anUntrustedCertificateFailsTheH2RequestWithTheTlsReason() throws Exception {
        try (ClientFixture fixture = new ClientFixture(ClientFixture.settings(1, null, 0))) {
            ConnectionProfile http2 = fixture.client.profile(null, null, HttpProtocol.HTTP_2);
            Throwable failure = fixture.send(h2Get(fixture, http2, "https://127.0.0.1:" + nginx.h2TlsPort + "/untrusted")).failure();

            Throwable ssl = failure instanceof io.netty.handler.codec.DecoderException ? failure.getCause() : failure;
            assertThat(ssl).isInstanceOf(javax.net.ssl.SSLException.class);
            assertThat(fixture.openConnections("https://127.0.0.1:" + nginx.h2TlsPort)).isZero();
        }
    }

    @Test
    void h2cToAPortThatSpeaksOnlyHttp11FailsEachRequestSayingSo() throws Exception {
        try (ClientFixture fixture = oneConnectionClient()) {
            ConnectionProfile http2 = fixture.client.profile(null, null, HttpProtocol.HTTP_2);
            Throwable failure = fixture.send(h2Get(fixture, http2, "http://127.0.0.1:" + nginx.http1Port + "/h1-only")).failure();

            // "HTTP/" in hex: nginx answered the preface with an HTTP/1.1 400.
            assertThat(failure).isInstanceOf(Http1Exception.InvalidResponse.class).hasMessage("invalid HTTP response: "
                    + "the server does not speak HTTP/2 here (h2c with prior knowledge): First received frame was not SETTINGS. "
                    + "Hex dump for first 5 bytes: 485454502f");
        }
    }
}
