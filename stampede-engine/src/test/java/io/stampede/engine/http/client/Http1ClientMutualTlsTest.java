package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.handler.ssl.OpenSsl;
import io.stampede.engine.http.client.ClientFixture.Response;

/**
 * Mutual TLS and session resumption against a real nginx that requires client certificates, with
 * either TLS provider (BoringSSL and the JDK's).
 */
class Http1ClientMutualTlsTest {

    @TempDir
    static Path dir;
    static NginxTlsServer nginx;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = new NginxTlsServer(dir);
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static ClientFixture client(TlsSettings tls) {
        if (tls.provider() == TlsProvider.OPENSSL) {
            Assumptions.assumeTrue(OpenSsl.isAvailable(), () -> "native TLS does not load here: " + OpenSsl.unavailabilityCause());
        }
        return new ClientFixture(Http1ClientSettings.defaults(4).withTls(tls));
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void theClientCertificateFromPemFilesIsAccepted(TlsProvider provider) throws Exception {
        try (ClientFixture client = client(nginx.clientTls(provider))) {
            Response response = client.exchange(client.get(nginx.url("/hello")));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).startsWith("client=CN=stampede-worker protocol=TLSv1.3 ");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void withoutAClientCertificateNginxRefusesTheRequest(TlsProvider provider) throws Exception {
        try (ClientFixture client = client(new TlsSettings(provider, false, nginx.ca, null, null))) {
            Response response = client.exchange(client.get(nginx.url("/hello")));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).contains("No required SSL certificate was sent");
        }
    }

    /**
     * nginx's certificate request names the CAs it accepts; a client certificate from another CA is
     * not presented (as browsers and curl behave), so the server answers as without one.
     */
    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void aCertificateFromACaTheServerDoesNotAcceptIsNotPresented(TlsProvider provider) throws Exception {
        TlsSettings stranger = new TlsSettings(provider, false, nginx.ca, nginx.strangerCert, nginx.strangerKey);
        try (ClientFixture client = client(stranger)) {
            Response response = client.exchange(client.get(nginx.url("/hello")));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).contains("No required SSL certificate was sent");
        }
    }

    /** nginx closes every connection under /close/: the second handshake resumes the first one's session. */
    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void aNewConnectionResumesTheSession(TlsProvider provider) throws Exception {
        try (ClientFixture client = client(nginx.clientTls(provider))) {
            assertThat(client.exchange(client.get(nginx.url("/close/1"))).text()).endsWith(" reused=.");
            for (int i = 2; i <= 3; i++) {
                Response response = client.exchange(client.get(nginx.url("/close/" + i)));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).as("request %d", i)
                        .isEqualTo("client=CN=stampede-worker protocol=TLSv1.3 reused=r");
            }
        }
    }

    @Test
    void unusableFilesAreNamedWhenTheContextIsBuilt() throws Exception {
        Path missing = dir.resolve("missing.crt");
        assertThatThrownBy(() -> new TlsSettings(TlsProvider.AUTO, false, null, missing, nginx.clientKey).newContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls client_cert " + missing + ": no such file");
        Path notPem = Files.writeString(dir.resolve("not-pem.key"), "not a key\n");
        assertThatThrownBy(() -> new TlsSettings(TlsProvider.AUTO, false, null, nginx.clientCert, notPem).newContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls client_cert " + nginx.clientCert + " / client_key " + notPem + ": not a PEM");
        assertThatThrownBy(() -> new TlsSettings(TlsProvider.AUTO, false, notPem, null, null).newContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls ca " + notPem + ": no PEM certificate in it");
        assertThatThrownBy(() -> new TlsSettings(TlsProvider.AUTO, false, null, nginx.clientCert, null))
                .hasMessage("a TLS client certificate needs its key");
    }

    @Test
    void providersAreParsedWithAClearError() {
        assertThat(TlsProvider.parse(null)).isEqualTo(TlsProvider.AUTO);
        assertThat(TlsProvider.parse(" OpenSSL ")).isEqualTo(TlsProvider.OPENSSL);
        assertThat(TlsProvider.parse("jdk")).isEqualTo(TlsProvider.JDK);
        assertThatThrownBy(() -> TlsProvider.parse("boring"))
                .hasMessage("tls provider must be auto, jdk or openssl, was 'boring'");
    }
}
