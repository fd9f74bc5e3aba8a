package io.stampede.engine.http.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.util.NetUtil;

/**
 * One virtual user's cookies, as a browser session (or Locust's and k6's per-user jar) keeps
 * them: stored from every {@code Set-Cookie} (redirect responses included, so a login that
 * answers 302 with a session cookie works), sent back on matching requests. RFC 6265 rules for
 * domain (host-only unless {@code Domain}), path, {@code Secure}, {@code Max-Age}/{@code Expires}
 * (a past expiry deletes). Not thread-safe: a user's requests run on its event loop.
 */
public final class CookieJar {

    /** Longest paths first (RFC 6265 section 5.4). */
    private static final Comparator<StoredCookie> ORDER =
            Comparator.comparingInt((StoredCookie cookie) -> cookie.path().length()).reversed();

    /** Null until the first cookie: most load-test users never get one. */
    private List<StoredCookie> cookies;

    /** Stores the cookies of a response to {@code target}; malformed or foreign-domain ones are ignored. */
    public void store(HttpTarget target, List<String> setCookieHeaders) {
        if (setCookieHeaders.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        String host = target.origin().host();
        for (String header : setCookieHeaders) {
            Cookie cookie = ClientCookieDecoder.LAX.decode(header);
            if (cookie == null) {
                continue;
            }
            String domain;
            boolean hostOnly;
            if (cookie.domain() == null || cookie.domain().isBlank()) {
                domain = host;
                hostOnly = true;
            } else {
                domain = stripDot(cookie.domain().toLowerCase(Locale.ROOT));
                if (!domainMatches(host, domain)) {
                    continue; // a server may not set cookies for another domain
                }
                hostOnly = false;
            }
            String path = cookie.path() != null && cookie.path().startsWith("/") ? cookie.path() : defaultPath(target.requestTarget());
            if (cookies == null) {
                cookies = new ArrayList<>(2);
            }
            int existing = -1;
            for (int i = 0; i < cookies.size() && existing < 0; i++) {
                StoredCookie stored = cookies.get(i);
                if (stored.name().equals(cookie.name()) && stored.domain().equals(domain) && stored.path().equals(path)) {
                    existing = i;
                }
            }
            if (cookie.maxAge() != Cookie.UNDEFINED_MAX_AGE && cookie.maxAge() <= 0) {
                if (existing >= 0) {
                    cookies.remove(existing); // expired: a deletion
                }
                continue;
            }
            long expires = cookie.maxAge() == Cookie.UNDEFINED_MAX_AGE ? Long.MAX_VALUE
                    : now + Math.min(cookie.maxAge(), Long.MAX_VALUE / 2_000_000_000L) * 1_000_000_000L;
            StoredCookie stored = new StoredCookie(cookie.name(), cookie.value(), domain, hostOnly, path, cookie.isSecure(), expires);
            if (existing >= 0) {
                cookies.set(existing, stored); // keeps the old one's place: its creation order (RFC 6265 5.3)
            } else {
                cookies.add(stored);
            }
        }
    }

    /** The {@code Cookie} header value for a request to {@code target}, or null when no cookie matches. */
    public String header(HttpTarget target) {
        if (cookies == null || cookies.isEmpty()) {
            return null;
        }
        long now = System.nanoTime();
        cookies.removeIf(cookie -> cookie.expiresAtNanos() != Long.MAX_VALUE && cookie.expiresAtNanos() - now <= 0);
        String host = target.origin().host();
        String path = pathOf(target.requestTarget());
        List<StoredCookie> matching = null;
        for (StoredCookie cookie : cookies) {
            boolean hostOk = cookie.hostOnly() ? host.equals(cookie.domain()) : domainMatches(host, cookie.domain());
            if (hostOk && pathMatches(path, cookie.path()) && (!cookie.secure() || target.origin().secure())) {
                if (matching == null) {
                    matching = new ArrayList<>(cookies.size());
                }
                matching.add(cookie);
            }
        }
        if (matching == null) {
            return null;
        }
        matching.sort(ORDER);
        StringBuilder header = new StringBuilder();
        for (StoredCookie cookie : matching) {
            if (!header.isEmpty()) {
                header.append("; ");
            }
            header.append(cookie.name()).append('=').append(cookie.value());
        }
        return header.toString();
    }

    /** Cookies held (expired ones included until the next request); for tests and diagnostics. */
    public int size() {
        return cookies == null ? 0 : cookies.size();
    }

    private static String stripDot(String domain) {
        return domain.startsWith(".") ? domain.substring(1) : domain;
    }

    private static boolean domainMatches(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        return host.endsWith(domain) && host.charAt(host.length() - domain.length() - 1) == '.'
                && !NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host);
    }

    private static String pathOf(String requestTarget) {
        int query = requestTarget.indexOf('?');
        return query >= 0 ? requestTarget.substring(0, query) : requestTarget;
    }

    /** RFC 6265 section 5.1.4: the request path up to its last '/', or "/". */
    private static String defaultPath(String requestTarget) {
        String path = pathOf(requestTarget);
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath) || requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    private record StoredCookie(String name, String value, String domain, boolean hostOnly, String path, boolean secure,
                                long expiresAtNanos) {
    }
}
