package io.stampede.core.scenario;

import java.util.List;

/**
 * How a scenario's HTTP requests connect ({@code http:} at the top of a scenario): compression,
 * proxy and TLS, for every user and every host of the run. Files are paths on the worker (e.g. a
 * Kubernetes Secret mounted into the worker pod), read when the run starts.
 *
 * @param compression send {@code Accept-Encoding: gzip, deflate} (default true, as browsers, Locust's HttpUser and k6)
 * @param proxy       {@code http://[user:password@]host:port} for http and https targets; null: the worker's
 *                    environment ({@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code NO_PROXY}); {@code none}: direct
 * @param noProxy     hosts reached directly although a proxy is set (with {@code proxy}); empty: none
 * @param tls         TLS settings for https targets
 */
public record HttpSettings(boolean compression, String proxy, List<String> noProxy, Tls tls) {

    public static final HttpSettings DEFAULT = new HttpSettings(true, null, List.of(), Tls.DEFAULT);

    /** {@code proxy: none}: connect directly even when the worker's environment names a proxy. */
    public static final String NO_PROXY = "none";

    public HttpSettings {
        noProxy = List.copyOf(noProxy);
        tls = tls == null ? Tls.DEFAULT : tls;
    }

    /**
     * @param insecure   accept any server certificate and host name (self-signed test targets)
     * @param ca         PEM file of the certificates to trust instead of the JDK's trust store; null: the JDK's
     * @param clientCert PEM file of the client certificate (chain) for mutual TLS; with {@code clientKey}
     * @param clientKey  PEM file of its private key, PKCS#8 ({@code BEGIN PRIVATE KEY}); with {@code clientCert}
     */
    public record Tls(boolean insecure, String ca, String clientCert, String clientKey) {

        public static final Tls DEFAULT = new Tls(false, null, null, null);

        public boolean isDefault() {
            return equals(DEFAULT);
        }
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }
}
