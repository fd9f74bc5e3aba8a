package io.stampede.engine.http.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * How https connections are secured: the implementation, whose certificates are trusted, and the
 * client certificate for mutual TLS. Files are PEM, read when {@link #newContext()} builds the
 * context (e.g. from a Kubernetes Secret mounted into the worker pod).
 *
 * <p>Reconnects resume TLS sessions: every context keeps a client session cache keyed by the
 * origin's host and port (the handler is made with them), so a second connection to an origin
 * skips the full handshake (TLS 1.2 session ids or tickets, TLS 1.3 PSK tickets) with either provider.
 *
 * @param provider   BoringSSL or the JDK's TLS; null: {@link TlsProvider#AUTO}
 * @param insecure   accept any certificate and host name (self-signed test targets); {@code ca} is then unused
 * @param ca         PEM certificates to trust instead of the JDK's trust store; null: the JDK's
 * @param clientCert PEM client certificate (chain) presented when the server asks; with {@code clientKey}
 * @param clientKey  PEM PKCS#8 private key of {@code clientCert} ({@code BEGIN PRIVATE KEY})
 */
public record TlsSettings(TlsProvider provider, boolean insecure, Path ca, Path clientCert, Path clientKey) {

    /** The JDK's trust store, host names verified, no client certificate, the provider picked automatically. */
    public static final TlsSettings DEFAULT = new TlsSettings(TlsProvider.AUTO, false, null, null, null);

    /** Client sessions kept per context: one per origin a worker talks to is plenty. */
    static final long SESSION_CACHE_SIZE = 4096;

    public TlsSettings {
        provider = provider == null ? TlsProvider.AUTO : provider;
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException(clientCert == null
                    ? "a TLS client key needs its client certificate" : "a TLS client certificate needs its key");
        }
    }

    public TlsSettings withProvider(TlsProvider implementation) {
        return new TlsSettings(implementation, insecure, ca, clientCert, clientKey);
    }

    public TlsSettings withInsecure(boolean acceptAny) {
        return new TlsSettings(provider, acceptAny, ca, clientCert, clientKey);
    }

    public TlsSettings withCa(Path trusted) {
        return new TlsSettings(provider, insecure, trusted, clientCert, clientKey);
    }

    public TlsSettings withClientCertificate(Path certificate, Path key) {
        return new TlsSettings(provider, insecure, ca, certificate, key);
    }

    /**
     * A client context with these settings.
     *
     * @throws IllegalArgumentException naming the file that is missing, unreadable or not PEM of the expected kind
     */
    public SslContext newContext() {
        return newContext(false);
    }

    /**
     * @param offerH2 the context offers h2 then http/1.1 by ALPN (for HTTP/2 connection profiles)
     * @throws IllegalArgumentException naming the file that cannot be used
     */
    public SslContext newContext(boolean offerH2) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider.resolveAndLog())
                .sessionCacheSize(SESSION_CACHE_SIZE);
        if (insecure) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            builder.endpointIdentificationAlgorithm("HTTPS");
            if (ca != null) {
                readable(ca, "ca");
                try {
                    builder.trustManager(ca.toFile());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("tls ca " + ca + ": no PEM certificate in it (" + e.getMessage() + ")", e);
                }
            }
        }
        if (clientCert != null) {
            readable(clientCert, "client_cert");
            readable(clientKey, "client_key");
            try {
                builder.keyManager(clientCert.toFile(), clientKey.toFile());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tls client_cert " + clientCert + " / client_key " + clientKey
                        + ": not a PEM certificate and PKCS#8 key (BEGIN PRIVATE KEY): " + rootMessage(e), e);
            }
        }
        try {
            return (offerH2 ? Alpn.offeringH2(builder) : builder).build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + rootMessage(e), e);
        }
    }

    private static void readable(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("tls " + what + " " + file + ": no such file");
        }
        try (var in = Files.newInputStream(file)) {
            in.read();
        } catch (IOException e) {
            throw new IllegalArgumentException("tls " + what + " " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
