package io.stampede.engine.http.client;

import java.util.List;
import java.util.Locale;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * One HTTP request, immutable, encoded straight into HTTP/1.1 bytes (no header map, no encoder in
 * the pipeline), or into HTTP/2 headers ({@link #http2Headers}) for a stream. A request whose every part is constant is built once per step and target and
 * encoded once ({@link #reusable}): each send writes a duplicate of the same direct buffer, as
 * wrk does with its pre-formatted request.
 *
 * <p>Headers are sent in the given order with the given case. The client adds {@code host},
 * {@code user-agent}, {@code accept: *}{@code /*} and, with a body, {@code content-type} and
 * {@code content-length}, unless the caller set them; a caller's {@code content-length} or
 * {@code transfer-encoding} is ignored (the client frames the body itself).
 */
public final class Http1Request {

    private static final byte[] CRLF = {'\r', '\n'};

    private final String method;
    private final HttpTarget target;
    private final List<Header> headers;
    private final byte[] body;
    private final String contentType;
    private final String userAgent;
    /** The {@code accept-encoding} the client adds unless the caller set one; null: none. */
    private final String acceptEncoding;
    /** How its connections are made; null: the client's defaults. */
    private ConnectionProfile profile;
    /** The encoded request of a reusable request (never released); null otherwise. */
    private final ByteBuf encoded;

    private Http1Request(String method, HttpTarget target, List<Header> headers, byte[] body, String contentType,
                         String userAgent, String acceptEncoding, boolean reusable) {
        this.method = method;
        this.target = target;
        this.headers = headers;
        this.body = body;
        this.contentType = contentType;
        this.userAgent = userAgent;
        this.acceptEncoding = acceptEncoding;
        if (reusable) {
            // Direct, so the kernel copies from it without an intermediate buffer; duplicates never modify it.
            this.encoded = Unpooled.unreleasableBuffer(encode(Unpooled.directBuffer(estimatedSize()), null, null));
        } else {
            this.encoded = null;
        }
    }

    /**
     * @param method      upper-case token, e.g. GET
     * @param headers     validated here: a name must be an HTTP token, a value must not hold CR, LF or NUL
     * @param body        null: no body
     * @param contentType for the body, used when the headers do not set one; may be null
     * @param reusable    encode once now and reuse the bytes for every send (all parts constant)
     * @throws IllegalArgumentException naming the bad header
     */
    public static Http1Request of(String method, HttpTarget target, List<Header> headers, byte[] body,
                                  String contentType, String userAgent, boolean reusable) {
        return of(method, target, headers, body, contentType, userAgent, null, reusable);
    }

    /**
     * @param acceptEncoding the {@code accept-encoding} to add unless the headers set one (e.g. {@code gzip, deflate});
     *                       null: none
     */
    public static Http1Request of(String method, HttpTarget target, List<Header> headers, byte[] body,
                                  String contentType, String userAgent, String acceptEncoding, boolean reusable) {
        for (Header header : headers) {
            header.validate();
        }
        return new Http1Request(method, target, List.copyOf(headers), body, contentType, userAgent, acceptEncoding,
                reusable);
    }

    public String method() {
        return method;
    }

    public HttpTarget target() {
        return target;
    }

    ConnectionProfile profile() {
        return profile;
    }

    /** Sets the connection profile while the request is built (before it is shared); returns this. */
    Http1Request through(ConnectionProfile connectionProfile) {
        this.profile = connectionProfile;
        return this;
    }

    boolean isHead() {
        return method.equals("HEAD");
    }

    /** Safe to send again after a connection closed under it (RFC 9110 section 9.2.2). */
    boolean isIdempotent() {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }

    /**
     * The request a redirect leads to: 303, and 301/302 after a POST, become a GET without body
     * (what browsers and Locust's clients do); 307/308 repeat the method and body. Credentials
     * ({@code authorization}, {@code cookie}) are not carried to another origin.
     */
    Http1Request redirectedTo(HttpTarget next, int status) {
        boolean toGet = status == 303 && !method.equals("HEAD") || (status == 301 || status == 302) && method.equals("POST");
        boolean sameOrigin = next.origin().equals(target.origin());
        List<Header> kept = headers.stream()
                .filter(h -> sameOrigin || !(h.is("authorization") || h.is("cookie") || h.is("proxy-authorization")))
                .filter(h -> !toGet || !h.is("content-type"))
                .toList();
        return new Http1Request(toGet ? "GET" : method, next, kept, toGet ? null : body, toGet ? null : contentType,
                userAgent, acceptEncoding, false).through(profile);
    }

    /**
     * The bytes to write: a duplicate of the shared encoding, or a fresh buffer the write releases.
     *
     * @param cookies a {@code Cookie} header value from the user's jar, or null; ignored when the request sets its own
     */
    ByteBuf encode(ByteBufAllocator allocator, String cookies) {
        String jarCookies = cookies == null || setsCookie() ? null : cookies;
        if (encoded != null && jarCookies == null) {
            return encoded.duplicate();
        }
        int size = estimatedSize() + (jarCookies == null ? 0 : jarCookies.length() + 10);
        return encode(allocator.directBuffer(size), jarCookies, null);
    }

    /**
     * The bytes for a forward proxy (plain http through a proxy): the request target in absolute form
     * ({@code GET http://host/path HTTP/1.1}), and the proxy's credentials. Encoded for every send.
     *
     * @param proxyAuthorization the {@code proxy-authorization} value, or null
     */
    ByteBuf encodeForProxy(ByteBufAllocator allocator, String cookies, String proxyAuthorization) {
        String jarCookies = cookies == null || setsCookie() ? null : cookies;
        int size = estimatedSize() + 16 + target.origin().hostHeader().length()
                + (jarCookies == null ? 0 : jarCookies.length() + 10)
                + (proxyAuthorization == null ? 0 : proxyAuthorization.length() + 24);
        ByteBuf out = allocator.directBuffer(size);
        ByteBufUtil.writeAscii(out, method);
        ByteBufUtil.writeAscii(out, " http://");
        ByteBufUtil.writeAscii(out, target.origin().hostHeader());
        return encodeAfterMethod(out, jarCookies, proxyAuthorization);
    }

    private boolean setsCookie() {
        for (Header header : headers) {
            if (header.is("cookie")) {
                return true;
            }
        }
        return false;
    }

    private int estimatedSize() {
        int size = method.length() + target.requestTarget().length() + target.origin().hostHeader().length() + 96
                + userAgent.length() + (acceptEncoding == null ? 0 : acceptEncoding.length() + 20) + (contentType == null ? 0 : contentType.length());
        for (Header header : headers) {
            size += header.name().length() + header.value().length() + 4;
        }
        return size + (body == null ? 0 : body.length);
    }

    private ByteBuf encode(ByteBuf out, String cookies, String proxyAuthorization) {
        ByteBufUtil.writeAscii(out, method);
        out.writeByte(' ');
        return encodeAfterMethod(out, cookies, proxyAuthorization);
    }

    /** From the request target's origin-form path on: the request line's rest, headers and body. */
    private ByteBuf encodeAfterMethod(ByteBuf out, String cookies, String proxyAuthorization) {
        ByteBufUtil.writeAscii(out, target.requestTarget());
        ByteBufUtil.writeAscii(out, " HTTP/1.1\r\n");
        boolean host = false;
        boolean agent = false;
        boolean accept = false;
        boolean type = false;
        boolean encoding = false;
        for (Header header : headers) {
            if (header.is("content-length") || header.is("transfer-encoding")) {
                continue;
            }
            host |= header.is("host");
            agent |= header.is("user-agent");
            accept |= header.is("accept");
            type |= header.is("content-type");
            encoding |= header.is("accept-encoding");
            ByteBufUtil.writeAscii(out, header.name());
            out.writeByte(':').writeByte(' ');
            ByteBufUtil.writeUtf8(out, header.value());
            out.writeBytes(CRLF);
        }
        if (!host) {
            writeHeader(out, "host", target.origin().hostHeader());
        }
        if (!agent) {
            writeHeader(out, "user-agent", userAgent);
        }
        if (!accept) {
            writeHeader(out, "accept", "*/*");
        }
        if (!encoding && acceptEncoding != null) {
            writeHeader(out, "accept-encoding", acceptEncoding);
        }
        if (cookies != null) {
            writeHeader(out, "cookie", cookies);
        }
        if (proxyAuthorization != null) {
            writeHeader(out, "proxy-authorization", proxyAuthorization);
        }
        if (body != null && !type && contentType != null) {
            writeHeader(out, "content-type", contentType);
        }
        if (body != null) {
            writeHeader(out, "content-length", Integer.toString(body.length));
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            writeHeader(out, "content-length", "0"); // some servers answer 411 to a body-less POST without it
        }
        out.writeBytes(CRLF);
        if (body != null) {
            out.writeBytes(body);
        }
        return out;
    }

    /** The body to send, or null. */
    byte[] body() {
        return body;
    }

    /**
     * The request as HTTP/2 headers: the pseudo-headers ({@code :authority} from the caller's
     * {@code host} if set), the caller's headers lower-cased in their order, then what the client
     * adds, as over HTTP/1.1. Connection-specific headers (RFC 9113 section 8.2.2) are left out.
     *
     * @param cookies a {@code Cookie} header value from the user's jar, or null; ignored when the request sets its own
     */
    Http2Headers http2Headers(String cookies) {
        String jarCookies = cookies == null || setsCookie() ? null : cookies;
        Http2Headers out = new DefaultHttp2Headers(false, headers.size() + 8);
        String authority = target.origin().hostHeader();
        for (Header header : headers) {
            if (header.is("host")) {
                authority = header.value();
            }
        }
        out.method(method).scheme(target.origin().secure() ? "https" : "http").authority(authority).path(target.requestTarget());
        boolean agent = false;
        boolean accept = false;
        boolean type = false;
        boolean encoding = false;
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            switch (name) {
                case "host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "content-length" -> {
                    continue;
                }
                case "te" -> {
                    if (!header.value().trim().equalsIgnoreCase("trailers")) {
                        continue;
                    }
                }
                default -> {
                }
            }
            agent |= name.equals("user-agent");
            accept |= name.equals("accept");
            type |= name.equals("content-type");
            encoding |= name.equals("accept-encoding");
            out.add(name, header.value());
        }
        if (!agent) {
            out.add(HttpHeaderNames.USER_AGENT, userAgent);
        }
        if (!accept) {
            out.add(HttpHeaderNames.ACCEPT, "*/*");
        }
        if (!encoding && acceptEncoding != null) {
            out.add(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
        }
        if (jarCookies != null) {
            out.add(HttpHeaderNames.COOKIE, jarCookies);
        }
        if (body != null && !type && contentType != null) {
            out.add(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (body != null) {
            out.addInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            out.addInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        return out;
    }

    private static void writeHeader(ByteBuf out, String name, String value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeByte(':').writeByte(' ');
        ByteBufUtil.writeUtf8(out, value);
        out.writeBytes(CRLF);
    }

    /** A request header as the caller gives it. */
    public record Header(String name, String value) {

        boolean is(String lowerCaseName) {
            return name.equalsIgnoreCase(lowerCaseName);
        }

        void validate() {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty header name");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("header name '" + name + "' has a character not allowed in HTTP ('"
                            + (c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c)) + "')");
                }
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("header '" + name + "': value contains a line break or NUL");
                }
            }
        }
    }
}
