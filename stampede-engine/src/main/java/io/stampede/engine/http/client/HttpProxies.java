package io.stampede.engine.http.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which proxy, if any, an origin's connections go through: one for http, one for https, and the
 * hosts that bypass both, read the way curl reads {@code http_proxy}, {@code HTTPS_PROXY} and
 * {@code NO_PROXY}. Decided once per origin and event loop (when its pool is created), never per request.
 *
 * @param http    for http origins (forward proxy: absolute-form request URIs); null: direct
 * @param https   for https origins (a CONNECT tunnel, TLS end to end with the origin); null: direct
 * @param noProxy host names (matching themselves and their subdomains), IP literals, or {@code *} for all
 */
public record HttpProxies(Proxy http, Proxy https, List<String> noProxy) {

    public static final HttpProxies NONE = new HttpProxies(null, null, List.of());

    public HttpProxies {
        noProxy = List.copyOf(noProxy);
    }

    /**
     * From environment variables as curl reads them: {@code http_proxy} (also {@code HTTP_PROXY}),
     * {@code https_proxy}/{@code HTTPS_PROXY}, {@code no_proxy}/{@code NO_PROXY}; the lower-case name wins.
     *
     * @throws IllegalArgumentException naming the variable with an unusable proxy URL
     */
    public static HttpProxies fromEnvironment(Map<String, String> environment) {
        String http = variable(environment, "http_proxy");
        String https = variable(environment, "https_proxy");
        String noProxy = variable(environment, "no_proxy");
        return new HttpProxies(http == null ? null : Proxy.parse(http, "http_proxy"),
                https == null ? null : Proxy.parse(https, "https_proxy"), parseNoProxy(noProxy));
    }

    private static String variable(Map<String, String> environment, String lowerCase) {
        String value = environment.get(lowerCase);
        if (value == null || value.isBlank()) {
            value = environment.get(lowerCase.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A comma-separated {@code NO_PROXY} value: entries trimmed, a leading dot dropped, lower-cased. */
    public static List<String> parseNoProxy(String value) {
        List<String> hosts = new ArrayList<>();
        if (value == null) {
            return hosts;
        }
        for (String entry : value.split(",")) {
            String host = entry.trim().toLowerCase(Locale.ROOT);
            if (host.startsWith(".")) {
                host = host.substring(1);
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (!host.isEmpty()) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    public boolean isEmpty() {
        return http == null && https == null;
    }

    /** The proxy for an origin, or null to connect directly. */
    public Proxy proxyFor(Origin origin) {
        Proxy proxy = origin.secure() ? https : http;
        return proxy == null || bypasses(origin.host()) ? null : proxy;
    }

    private boolean bypasses(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            if (entry.equals("*") || name.equals(entry)
                    || name.length() > entry.length() && name.endsWith(entry) && name.charAt(name.length() - entry.length() - 1) == '.') {
                return true;
            }
        }
        return false;
    }

    /**
     * An HTTP proxy.
     *
     * @param authorization the {@code Proxy-Authorization} value ({@code Basic ...}) from the URL's user info, or null;
     *                      never part of {@link #toString()}
     */
    public record Proxy(String host, int port, String user, String password, String authorization) {

        /** curl's default proxy port. */
        public static final int DEFAULT_PORT = 1080;

        /**
         * @param url    {@code http://[user:password@]host[:port]}; a bare {@code host:port} is taken as http
         * @param source what the URL came from, for the error message
         * @throws IllegalArgumentException for another scheme or no host
         */
        public static Proxy parse(String url, String source) {
            String text = url.contains("://") ? url : "http://" + url;
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(source + ": not a proxy URL (" + e.getReason() + ")");
            }
            if (!"http".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException(source + ": proxy scheme '" + uri.getScheme()
                        + "' is not supported (only http:// proxies, which tunnel https with CONNECT)");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException(source + ": proxy URL has no host");
            }
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
            String userInfo = uri.getRawUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                return new Proxy(host, port, null, null, null);
            }
            int colon = userInfo.indexOf(':');
            String user = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : percentDecode(userInfo.substring(colon + 1));
            String authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return new Proxy(host, port, user, password, authorization);
        }

        /** %XX escapes only: a '+' in user info is a plus, not a space as in form encoding. */
        private static String percentDecode(String text) {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        /** host:port, without credentials (for messages and logs). */
        public String authority() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return "http://" + (user == null ? "" : "***@") + authority();
        }
    }
}
