package io.stampede.engine.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An HTTPS server on 127.0.0.1 with a self-signed EC certificate made at test time by the JDK's
 * keytool, for the subject alternative names given. Answers every request with "secure" and its URI.
 */
public final class TlsTestServer implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    public final X509Certificate certificate;
    public final AtomicInteger connections = new AtomicInteger();
    private final DisposableServer server;

    /** @param san keytool's form, e.g. {@code ip:127.0.0.1,dns:localhost} */
    public TlsTestServer(Path dir, String name, String san) throws Exception {
        Path keyStoreFile = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "san=" + san, "-validity", "2",
                "-keystore", keyStoreFile.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool did not finish within 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, PASSWORD);
        }
        certificate = (X509Certificate) keyStore.getCertificate("server");
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, PASSWORD);
        SslContext serverContext = SslContextBuilder.forServer(keyManagers).build();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(serverContext))
                .doOnChannelInit((observer, channel, address) -> connections.incrementAndGet())
                .handle((req, res) -> res.sendString(Mono.just("secure " + req.uri())))
                .bindNow();
    }

    public int port() {
        return server.port();
    }

    public String url(String host, String path) {
        return "https://" + host + ":" + port() + path;
    }

    /** A client context that trusts these certificates only, with host name verification (as the default one). */
    public static SslContext trusting(X509Certificate... certificates) throws SSLException {
        return SslContextBuilder.forClient().trustManager(certificates).endpointIdentificationAlgorithm("HTTPS").build();
    }

    /** A PKCS12 trust store holding the certificates, to stand in for the JDK's default one. */
    public static Path trustStore(Path file, X509Certificate... certificates) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            store.setCertificateEntry("trusted-" + i, certificates[i]);
        }
        try (var out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        return file;
    }

    public static String trustStorePassword() {
        return new String(PASSWORD);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
