package io.stampede.coordinator.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

import io.stampede.coordinator.api.Refusal;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps other web sites out of the coordinator (contract: "Browser safety"), before
 * authentication, so neither the open loopback mode nor credentials a browser remembers help
 * them.
 * <ul>
 * <li>DNS rebinding: a {@code Host} that is not an accepted name gets 421. A page of
 * {@code evil.example} whose name is made to resolve to 127.0.0.1 still sends
 * {@code Host: evil.example}. {@code /actuator/**} is exempt: probes and Prometheus address the
 * pod by its IP, and it changes nothing.</li>
 * <li>Cross-site requests: a request that changes state (any method but GET/HEAD/OPTIONS, and
 * {@code GET /stop} and {@code GET /stats/reset}, kept as GET for Locust's scripts) gets 403 when
 * a browser says it comes from another origin: {@code Sec-Fetch-Site} other than
 * {@code same-origin} or {@code none} (typed into the address bar), or, from a browser without
 * it, an {@code Origin} other than this server's. Scripts send neither header and pass.</li>
 * <li>HEAD is answered as GET (after the checks above, which treat both alike).</li>
 * </ul>
 */
final class BrowserSafety implements WebFilter, Ordered {

    static final String ANY_HOST = "*";

    private final Set<String> allowedHosts;

    /** @param allowedHosts lower-case host names without brackets or ports; {@link #ANY_HOST} accepts any */
    BrowserSafety(Set<String> allowedHosts) {
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        String host = hostName(request);
        if (host != null && !hostAllowed(host) && !path.startsWith("/actuator/")) {
            return Refusal.write(exchange.getResponse(), HttpStatus.MISDIRECTED_REQUEST, "Host '" + host
                    + "' is not a name of this coordinator; to accept it, start it with --allowed-hosts " + host
                    + " (stampede.coordinator.allowed-hosts)");
        }
        if (changesState(request.getMethod(), path)) {
            String refusal = crossSiteRefusal(request);
            if (refusal != null) {
                return Refusal.write(exchange.getResponse(), HttpStatus.FORBIDDEN, refusal);
            }
        }
        if (request.getMethod() == HttpMethod.HEAD) {
            // HEAD as GET: not every handler maps HEAD (the welcome page doesn't); the server drops the body.
            return chain.filter(exchange.mutate().request(r -> r.method(HttpMethod.GET)).build());
        }
        return chain.filter(exchange);
    }

    boolean hostAllowed(String host) {
        return allowedHosts.contains(ANY_HOST) || allowedHosts.contains(host);
    }

    /** The Host header's name, lower case, IPv6 without brackets; null when the request has none (HTTP/1.0). */
    private static String hostName(ServerHttpRequest request) {
        if (request.getHeaders().getFirst(HttpHeaders.HOST) == null) {
            return null;
        }
        String host = request.getURI().getHost();
        return host == null ? "" : normalize(host);
    }

    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    static boolean changesState(HttpMethod method, String path) {
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return path.equals("/stop") || path.equals("/stats/reset");
        }
        return method != HttpMethod.OPTIONS;
    }

    /** Why the request is refused as cross-site, or null when it is not cross-site. */
    static String crossSiteRefusal(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null) {
            return site.equalsIgnoreCase("same-origin") || site.equalsIgnoreCase("none") ? null
                    : "cross-site request refused (Sec-Fetch-Site: " + site + "): this request changes state, and"
                    + " only pages of the coordinator itself may send it from a browser";
        }
        String origin = headers.getFirst(HttpHeaders.ORIGIN);
        if (origin == null || sameOrigin(origin, request)) {
            return null;
        }
        return "cross-site request refused (Origin: " + origin + "): this request changes state, and only pages of"
                + " the coordinator itself may send it from a browser";
    }

    /** Origin's host and port against the request's Host (a missing port is the origin scheme's default). */
    private static boolean sameOrigin(String origin, ServerHttpRequest request) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false; // "null" (sandboxed frames, file:) included
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        int originPort = uri.getPort() == -1 ? defaultPort : uri.getPort();
        URI target = request.getURI();
        int targetPort = target.getPort() == -1 ? defaultPort : target.getPort();
        return target.getHost() != null && normalize(uri.getHost()).equals(normalize(target.getHost()))
                && originPort == targetPort;
    }
}
