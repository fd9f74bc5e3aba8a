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
 * @param version     the HTTP version requests are sent with
 */
public record HttpSettings(boolean compression, String proxy, List<String> noProxy, Tls tls, Version version) {

    public static final HttpSettings DEFAULT = new HttpSettings(true, null, List.of(), Tls.DEFAULT, Version.HTTP_1_1);

    /** {@code proxy: none}: connect directly even when the worker's environment names a proxy. */
    public static final String NO_PROXY = "none";

    public HttpSettings {
        noProxy = List.copyOf(noProxy);
        tls = tls == null ? Tls.DEFAULT : tls;
        version = version == null ? Version.HTTP_1_1 : version;
    }

    /** Over HTTP/1.1. */
    public HttpSettings(boolean compression, String proxy, List<String> noProxy, Tls tls) {
        this(compression, proxy, noProxy, tls, Version.HTTP_1_1);
    }

    /**
     * The HTTP version of a scenario's requests ({@code version: "1.1"} or {@code "2"}). HTTP/2 over
     * https is negotiated by ALPN (HTTP/1.1 when the server does not offer h2); over http it is
     * h2c with prior knowledge (the server must speak HTTP/2 on that port; through a forward proxy, HTTP/1.1).
     */
    public enum Version {
        HTTP_1_1("1.1"), HTTP_2("2");

        private final String text;

        Version(String text) {
            this.text = text;
        }

        /** As written in a scenario: {@code 1.1} or {@code 2}. */
        public String text() {
            return text;
        }

        /** The version written as {@code 1.1} or {@code 2} ({@code 2.0} too); null for anything else. */
        public static Version parse(String text) {
            return switch (text.trim()) {
                case "1.1" -> HTTP_1_1;
                case "2", "2.0" -> HTTP_2;
                default -> null;
            };
        }
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
