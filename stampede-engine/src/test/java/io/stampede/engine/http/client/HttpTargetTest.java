package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing URLs into origin and request-target, and resolving redirect Locations against them. */
class HttpTargetTest {

    @Test
    void defaultPortsAreTheSchemesAndTheHostHeaderOmitsThem() {
        HttpTarget http = HttpTarget.parse("http://example.com/a");
        assertThat(http.origin()).isEqualTo(new Origin(false, "example.com", 80, "example.com"));
        assertThat(http.requestTarget()).isEqualTo("/a");

        HttpTarget https = HttpTarget.parse("https://example.com");
        assertThat(https.origin()).isEqualTo(new Origin(true, "example.com", 443, "example.com"));
        assertThat(https.requestTarget()).isEqualTo("/");

        assertThat(HttpTarget.parse("https://example.com:443/").origin().hostHeader()).isEqualTo("example.com");
        assertThat(HttpTarget.parse("http://example.com:80/").origin().hostHeader()).isEqualTo("example.com");
        assertThat(HttpTarget.parse("http://example.com:8080/").origin().hostHeader()).isEqualTo("example.com:8080");
        // The other scheme's default port is not this scheme's.
        assertThat(HttpTarget.parse("http://example.com:443/").origin().hostHeader()).isEqualTo("example.com:443");
        assertThat(HttpTarget.parse("https://example.com:80/").origin().hostHeader()).isEqualTo("example.com:80");
        assertThat(HttpTarget.parse("http://example.com:/x").origin().port()).isEqualTo(80);
    }

    @Test
    void schemeAndHostAreCaseInsensitiveButThePathKeepsItsCase() {
        HttpTarget target = HttpTarget.parse("HTTPS://Example.COM:8443/Path/To?Q=A");
        assertThat(target.origin()).isEqualTo(new Origin(true, "example.com", 8443, "example.com:8443"));
        assertThat(target.requestTarget()).isEqualTo("/Path/To?Q=A");
        assertThat(target).hasToString("https://example.com:8443/Path/To?Q=A");
    }

    @Test
    void ipv6LiteralsAreUnbracketedForConnectingAndBracketedInTheHostHeader() {
        HttpTarget target = HttpTarget.parse("http://[::1]:8080/x");
        assertThat(target.origin().host()).isEqualTo("::1");
        assertThat(target.origin().port()).isEqualTo(8080);
        assertThat(target.origin().hostHeader()).isEqualTo("[::1]:8080");
        assertThat(target.origin().authority()).isEqualTo("[::1]:8080");
        assertThat(target).hasToString("http://[::1]:8080/x");

        HttpTarget defaultPort = HttpTarget.parse("https://[2001:DB8::1]/");
        assertThat(defaultPort.origin().host()).isEqualTo("2001:db8::1");
        assertThat(defaultPort.origin().port()).isEqualTo(443);
        assertThat(defaultPort.origin().hostHeader()).isEqualTo("[2001:db8::1]");
    }

    @Test
    void userInfoIsDropped() {
        HttpTarget target = HttpTarget.parse("http://user:p@ss@example.com:81/p");
        assertThat(target.origin()).isEqualTo(new Origin(false, "example.com", 81, "example.com:81"));
        assertThat(target.requestTarget()).isEqualTo("/p");
        assertThat(target.toString()).doesNotContain("user").doesNotContain("ss@");
    }

    @Test
    void aQueryWithoutPathGetsTheRootPathAndFragmentsAreDropped() {
        assertThat(HttpTarget.parse("http://h?a=1&b=2").requestTarget()).isEqualTo("/?a=1&b=2");
        assertThat(HttpTarget.parse("http://h/p?q=1#frag").requestTarget()).isEqualTo("/p?q=1");
        assertThat(HttpTarget.parse("http://h#frag").requestTarget()).isEqualTo("/");
        assertThat(HttpTarget.parse("http://h/p#a?b").requestTarget()).isEqualTo("/p");
    }

    @Test
    void spacesNonAsciiAndUnsafeCharactersArePercentEncodedAsUtf8() {
        assertThat(HttpTarget.parse("http://h/a b/ü?q=x y").requestTarget()).isEqualTo("/a%20b/%C3%BC?q=x%20y");
        assertThat(HttpTarget.parse("http://h/\"<>{}|\\^`").requestTarget()).isEqualTo("/%22%3C%3E%7B%7D%7C%5C%5E%60");
        assertThat(HttpTarget.parse("http://h/€").requestTarget()).isEqualTo("/%E2%82%AC");
        // Already encoded input and reserved characters stay as they are.
        assertThat(HttpTarget.parse("http://h/a%20b/c;d=e?f=g&h=%2F").requestTarget()).isEqualTo("/a%20b/c;d=e?f=g&h=%2F");
    }

    @Test
    void lineBreaksAndNulAreRefusedAnywhere() {
        assertThatThrownBy(() -> HttpTarget.parse("http://h/a\r\nX-Injected: 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
        assertThatThrownBy(() -> HttpTarget.parse("http://h/a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> HttpTarget.parse("http://h/?q=\u0000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
        // In the host, a line break would reach the Host header.
        assertThatThrownBy(() -> HttpTarget.parse("http://evil\r\nX-Injected/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
        assertThatThrownBy(() -> HttpTarget.parse("http://a b/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void badUrlsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> HttpTarget.parse("ftp://h/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported scheme 'ftp' in 'ftp://h/x' (http or https)");
        assertThatThrownBy(() -> HttpTarget.parse("example.com/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an absolute http(s) URL: 'example.com/x'");
        assertThatThrownBy(() -> HttpTarget.parse("/relative")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an absolute http(s) URL");
        assertThatThrownBy(() -> HttpTarget.parse("http:///x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no host in 'http:///x'");
        assertThatThrownBy(() -> HttpTarget.parse("http://h:abc/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad port 'abc' in 'http://h:abc/'");
        assertThatThrownBy(() -> HttpTarget.parse("http://h:0/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad port '0'");
        assertThatThrownBy(() -> HttpTarget.parse("http://h:65536/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad port '65536'");
        assertThatThrownBy(() -> HttpTarget.parse("http://[::1/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed IPv6 address");
        assertThatThrownBy(() -> HttpTarget.parse("http://[::1]x/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad authority");
        assertThat(HttpTarget.parse("http://h:65535/").origin().port()).isEqualTo(65535);
    }

    @Test
    void locationsResolveAgainstTheRequestTarget() {
        HttpTarget base = HttpTarget.parse("http://h:8080/a/b/c?x=1");

        assertThat(base.resolve("https://other.example/x").toString()).isEqualTo("https://other.example/x");
        assertThat(base.resolve("HTTP://Other.example:81/y").toString()).isEqualTo("http://other.example:81/y");
        // Scheme-relative: the base's scheme, the Location's authority (and its default port).
        assertThat(base.resolve("//cdn.example/z").toString()).isEqualTo("http://cdn.example/z");
        assertThat(base.resolve("//cdn.example/z").origin().port()).isEqualTo(80);
        assertThat(base.resolve("/root?q=2").toString()).isEqualTo("http://h:8080/root?q=2");
        assertThat(base.resolve("d").toString()).isEqualTo("http://h:8080/a/b/d");
        assertThat(base.resolve("d/e?y=2").toString()).isEqualTo("http://h:8080/a/b/d/e?y=2");
        assertThat(base.resolve("?y=2").toString()).isEqualTo("http://h:8080/a/b/c?y=2");
        assertThat(base.resolve("/x#frag").toString()).isEqualTo("http://h:8080/x");
        assertThat(base.resolve("/a b").requestTarget()).isEqualTo("/a%20b");
        assertThat(base.resolve("/x").origin()).isEqualTo(base.origin());

        // Dot segments are removed (RFC 3986 section 5.2.4).
        assertThat(base.resolve("../d").requestTarget()).isEqualTo("/a/d");
        assertThat(base.resolve("./d?z=1").requestTarget()).isEqualTo("/a/b/d?z=1");
        assertThat(base.resolve("..").requestTarget()).isEqualTo("/a/");
        assertThat(base.resolve(".").requestTarget()).isEqualTo("/a/b/");
        assertThat(base.resolve("../../../../g").requestTarget()).isEqualTo("/g");
        assertThat(base.resolve("/x/./y/../z/..?q=/../").requestTarget()).isEqualTo("/x/?q=/../");
        assertThat(base.resolve("d/..e/.f").requestTarget()).isEqualTo("/a/b/d/..e/.f");

        HttpTarget secure = HttpTarget.parse("https://h/dir/page");
        assertThat(secure.resolve("/b").origin()).isEqualTo(new Origin(true, "h", 443, "h"));
        assertThat(secure.resolve("//other/p").toString()).isEqualTo("https://other/p");
        assertThat(secure.resolve("next").toString()).isEqualTo("https://h/dir/next");

        HttpTarget ipv6 = HttpTarget.parse("http://[::1]:8080/a/b");
        assertThat(ipv6.resolve("/c").origin()).isEqualTo(ipv6.origin());
        assertThat(ipv6.resolve("c").requestTarget()).isEqualTo("/a/c");

        HttpTarget root = HttpTarget.parse("http://h");
        assertThat(root.resolve("x").toString()).isEqualTo("http://h/x");
        assertThat(root.resolve("?q").toString()).isEqualTo("http://h/?q");

        assertThatThrownBy(() -> base.resolve("/a\r\nSet-Cookie: x")).isInstanceOf(IllegalArgumentException.class);
    }
}
