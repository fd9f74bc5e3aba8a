package io.stampede.engine.http.client;

import java.util.Locale;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS implementation carries https connections: BoringSSL through netty-tcnative (the
 * native library shipped for linux-x86_64) or the JDK's. {@code auto} takes BoringSSL where it
 * loads, the JDK's otherwise.
 */
public enum TlsProvider {
    AUTO, JDK, OPENSSL;

    private static final Logger LOG = LoggerFactory.getLogger(TlsProvider.class);

    /**
     * @param value {@code auto}, {@code jdk} or {@code openssl} (any case); null or blank: auto
     * @throws IllegalArgumentException naming the accepted values
     */
    public static TlsProvider parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tls provider must be auto, jdk or openssl, was '" + value + "'", e);
        }
    }

    /**
     * The implementation to use here.
     *
     * @throws IllegalStateException for {@code openssl} when the native library does not load, with the reason
     */
    public SslProvider resolve() {
        return switch (this) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("tls provider openssl: the native library does not load here ("
                            + OpenSsl.unavailabilityCause() + "); use auto or jdk", OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** {@link #resolve()}, logged once per context so the log tells which TLS a run used. */
    SslProvider resolveAndLog() {
        SslProvider provider = resolve();
        if (provider == SslProvider.OPENSSL) {
            LOG.info("https connections use {} (native, tls provider {})", OpenSsl.versionString(), name().toLowerCase(Locale.ROOT));
        } else if (this == AUTO) {
            LOG.info("https connections use the JDK's TLS (native TLS unavailable: {})", OpenSsl.unavailabilityCause().toString());
        } else {
            LOG.info("https connections use the JDK's TLS (tls provider jdk)");
        }
        return provider;
    }

    /**
     * Why a TLS connection failed, in the same words for either implementation: BoringSSL's engine
     * reports a failed certificate check as "General OpenSslEngine problem" and keeps the trust
     * manager's reason (e.g. "PKIX path building failed") as its cause.
     */
    public static String reason(SSLException failure) {
        Throwable reason = failure;
        while (reason.getCause() != null && reason.getCause() != reason
                && (reason.getMessage() == null || reason.getMessage().startsWith("General OpenSslEngine problem"))) {
            reason = reason.getCause();
        }
        return reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    }
}
