package io.stampede.engine.http.client;

/**
 * Where connections go: scheme, host and port. Connections are pooled per origin.
 *
 * @param hostHeader the {@code Host} header value: the host, bracketed when IPv6, with the port unless it is the scheme's default
 */
public record Origin(boolean secure, String host, int port, String hostHeader) {

    static Origin of(boolean secure, String host, int port) {
        String bracketed = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = secure ? port == 443 : port == 80;
        return new Origin(secure, host, port, defaultPort ? bracketed : bracketed + ":" + port);
    }

    /** e.g. 127.0.0.1:8080, for messages */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
