package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.stampede.engine.http.client.ClientFixture.Response;

/** HTTPS: trust, host name verification by default, and a caller's own SslContext. */
class Http1ClientTlsTest {

    @TempDir
    static Path dir;
    /** Certificate for 127.0.0.1 and localhost. */
    static TlsTestServer server;
    /** Certificate for another name only. */
    static TlsTestServer otherName;

    @BeforeAll
    static void startServers() throws Exception {
        server = new TlsTestServer(dir, "localhost", "ip:127.0.0.1,dns:localhost");
        otherName = new TlsTestServer(dir, "other.example", "dns:other.example");
    }

    @AfterAll
    static void stopServers() {
        server.close();
        otherName.close();
    }

    private static ClientFixture client(SslContext ssl) {
        return new ClientFixture(new Http1ClientSettings(4, Duration.ofSeconds(5), null, 10, null, ssl));
    }

    /**
     * The reason of the SSLException a failure is or wraps (Netty wraps handshake failures in a
     * DecoderException), as either TLS provider words it.
     */
    static String sslCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return TlsProvider.reason(ssl);
            }
        }
        throw new AssertionError("no SSLException in the causes of " + failure, failure);
    }

    @Test
    void aClientTrustingTheCertificateGetsTheResponseOverOneKeptAliveConnection() throws Exception {
        try (ClientFixture client = client(TlsTestServer.trusting(server.certificate))) {
            int before = server.connections.get();
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                for (int i = 0; i < 3; i++) {
                    Response response = client.exchange(client.get(server.url(host, "/tls?i=" + i)));
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.text()).isEqualTo("secure /tls?i=" + i);
                }
            }
            // Two origins (by name), one connection each.
            assertThat(server.connections.get() - before).isEqualTo(2);
            assertThat(client.openConnections(server.url("127.0.0.1", "/"))).isEqualTo(1);
        }
    }

    @Test
    void theDefaultClientRefusesACertificateTheJdkDoesNotTrust() throws Exception {
        try (ClientFixture client = ClientFixture.withDefaults()) {
            Throwable failure = client.failure(client.get(server.url("127.0.0.1", "/")), Duration.ofSeconds(5));
            assertThat(sslCause(failure)).contains("PKIX path building failed");
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRefusedEvenWhenTrusted() throws Exception {
        try (ClientFixture client = client(TlsTestServer.trusting(otherName.certificate))) {
            Throwable byIp = client.failure(client.get(otherName.url("127.0.0.1", "/")), Duration.ofSeconds(5));
            assertThat(sslCause(byIp)).contains("No subject alternative names matching IP address 127.0.0.1");
            Throwable byName = client.failure(client.get(otherName.url("localhost", "/")), Duration.ofSeconds(5));
            assertThat(sslCause(byName)).contains("No subject alternative DNS name matching localhost");
        }
    }

    /** The default context (no {@code ssl} in the settings) verifies host names: with the JDK trusting both certificates. */
    @Test
    void theDefaultClientVerifiesHostNames() throws Exception {
        Path trustStore = TlsTestServer.trustStore(dir.resolve("trust.p12"), server.certificate, otherName.certificate);
        Map<String, String> properties = Map.of("javax.net.ssl.trustStore", trustStore.toString(),
                "javax.net.ssl.trustStoreType", "PKCS12", "javax.net.ssl.trustStorePassword", TlsTestServer.trustStorePassword());
        Map<String, String> saved = new java.util.HashMap<>();
        properties.keySet().forEach(key -> saved.put(key, System.getProperty(key)));
        ClientFixture client;
        try {
            properties.forEach(System::setProperty);
            client = ClientFixture.withDefaults(); // builds the default context, reading the trust store now
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
        try (client) {
            assertThat(client.exchange(client.get(server.url("localhost", "/ok"))).text()).isEqualTo("secure /ok");
            Throwable failure = client.failure(client.get(otherName.url("localhost", "/")), Duration.ofSeconds(5));
            assertThat(sslCause(failure)).contains("No subject alternative DNS name matching localhost");
        }
    }

    @Test
    void aCallersOwnContextIsUsedAsGiven() throws Exception {
        // Trusting anything, without host name verification: the caller's choice.
        SslContext insecure = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        try (ClientFixture client = client(insecure)) {
            assertThat(client.exchange(client.get(otherName.url("127.0.0.1", "/any"))).text()).isEqualTo("secure /any");
        }
    }

    @Test
    void aRedirectFromHttpToHttpsIsFollowedOverTls() throws Exception {
        reactor.netty.DisposableServer plain = reactor.netty.http.server.HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.status(301).header("location", server.url("localhost", "/landed?from=http")).send())
                .bindNow();
        try (ClientFixture client = client(TlsTestServer.trusting(server.certificate))) {
            Response response = client.exchange(client.get("http://127.0.0.1:" + plain.port() + "/start"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("secure /landed?from=http");
            assertThat(client.openConnections(server.url("localhost", "/"))).isEqualTo(1);
        } finally {
            plain.disposeNow();
        }
    }

    @Test
    void plainHttpToATlsPortFailsInsteadOfHanging() throws Exception {
        try (ClientFixture client = ClientFixture.withDefaults()) {
            Throwable failure = client.failure(client.get("http://127.0.0.1:" + server.port() + "/"), Duration.ofSeconds(3));
            assertThat(failure).isNotInstanceOf(Http1Exception.Timeout.class);
        }
    }
}
