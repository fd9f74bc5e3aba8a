package io.stampede.engine.http.client;

import java.util.Locale;

/**
 * An absolute http(s) URL split into the {@link Origin} a connection goes to and the
 * request-target sent on it. Parsed by hand, leniently: characters a request line cannot carry
 * (spaces, non-ASCII, quotes...) are percent-encoded as browsers do, so a templated path with a
 * space still makes a valid request; CR and LF are refused (they would split the request).
 *
 * @param requestTarget path and query, never empty ("/" at least), fragment dropped
 */
public record HttpTarget(Origin origin, String requestTarget) {

    private static final String HEX = "0123456789ABCDEF";

    /**
     * @throws IllegalArgumentException for anything but an absolute http:// or https:// URL with a host
     */
    public static HttpTarget parse(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("not an absolute http(s) URL: '" + url + "'");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        boolean secure;
        if (scheme.equals("http")) {
            secure = false;
        } else if (scheme.equals("https")) {
            secure = true;
        } else {
            throw new IllegalArgumentException("unsupported scheme '" + scheme + "' in '" + url + "' (http or https)");
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1); // user info is not sent on a request line
        }
        String host;
        int port = secure ? 443 : 80;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed IPv6 address in '" + url + "'");
            }
            host = authority.substring(1, close);
            port = port(authority.substring(close + 1), port, url);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            port = colon >= 0 ? port(authority.substring(colon), port, url) : port;
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in '" + url + "'");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                // The host becomes the Host header: a line break there would split the request.
                throw new IllegalArgumentException("the host in '" + url.replace("\r", "\\r").replace("\n", "\\n")
                        + "' contains a space or control character");
            }
        }
        int fragment = url.indexOf('#', authorityEnd);
        String rest = url.substring(authorityEnd, fragment >= 0 ? fragment : url.length());
        if (rest.isEmpty() || rest.charAt(0) == '?') {
            rest = "/" + rest;
        }
        return new HttpTarget(Origin.of(secure, host.toLowerCase(Locale.ROOT), port), encodeRequestTarget(rest));
    }

    private static int port(String suffix, int defaultPort, String url) {
        if (suffix.isEmpty() || suffix.equals(":")) {
            return defaultPort;
        }
        if (suffix.charAt(0) != ':') {
            throw new IllegalArgumentException("bad authority in '" + url + "'");
        }
        try {
            int port = Integer.parseInt(suffix.substring(1));
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + suffix.substring(1) + "' in '" + url + "'");
        }
    }

    /**
     * Resolves a {@code Location} header against this target (RFC 3986 section 5.2, the common cases:
     * absolute, scheme-relative, absolute-path and relative-path references).
     */
    public HttpTarget resolve(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")
                || location.regionMatches(true, 0, "http://", 0, 7) || location.regionMatches(true, 0, "https://", 0, 8)) {
            return parse(location);
        }
        String base = (origin.secure() ? "https://" : "http://") + origin.hostHeader();
        if (location.startsWith("//")) {
            return parse((origin.secure() ? "https:" : "http:") + location);
        }
        if (location.startsWith("/")) {
            return parse(base + removeDotSegments(location));
        }
        String path = requestTarget;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (location.startsWith("?")) {
            return parse(base + path + location);
        }
        return parse(base + removeDotSegments(path.substring(0, path.lastIndexOf('/') + 1) + location));
    }

    /**
     * RFC 3986 section 5.2.4 on the path of an absolute-path reference ("/a/b/../c" is "/a/c"): a
     * relative Location such as "../x" must not reach the server as "/dir/../x".
     */
    private static String removeDotSegments(String reference) {
        int end = reference.length();
        for (int i = 0; i < reference.length(); i++) {
            if (reference.charAt(i) == '?' || reference.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        String path = reference.substring(0, end);
        if (!path.contains("/.")) {
            return reference; // the common case: nothing to remove
        }
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.equals(".")) {
                kept.addLast(segment);
                continue;
            }
            if (last) {
                kept.addLast(""); // "/a/.." is "/", a directory
            }
        }
        return "/" + String.join("/", kept) + reference.substring(end);
    }

    /** Percent-encodes what a request-target cannot carry; refuses CR, LF and other controls. */
    static String encodeRequestTarget(String target) {
        int i = 0;
        while (i < target.length() && allowed(target.charAt(i))) {
            i++;
        }
        if (i == target.length()) {
            return target; // the common case: nothing to encode, no copy
        }
        StringBuilder out = new StringBuilder(target.length() + 16).append(target, 0, i);
        byte[] bytes = target.substring(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("URL contains a line break or NUL: '" + target.replace("\r", "\\r").replace("\n", "\\n") + "'");
            }
            if (c < 0x80 && allowed((char) c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }

    /** RFC 3986 unreserved, reserved and '%' (already-encoded input stays as it is). */
    private static boolean allowed(char c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' && c != '`'
                && c != '{' && c != '|' && c != '}';
    }

    /** The URL again, for messages and redirects. */
    @Override
    public String toString() {
        return (origin.secure() ? "https://" : "http://") + origin.hostHeader() + requestTarget;
    }
}
