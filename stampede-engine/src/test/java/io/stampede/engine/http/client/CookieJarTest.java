package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 6265 matching of the per-user cookie jar. */
class CookieJarTest {

    private final CookieJar jar = new CookieJar();

    private static HttpTarget at(String url) {
        return HttpTarget.parse(url);
    }

    @Test
    void aHostOnlyCookieGoesBackToItsHostOnly() {
        jar.store(at("http://shop.example.test/login"), List.of("sid=1; Path=/"));
        assertThat(jar.header(at("http://shop.example.test/cart"))).isEqualTo("sid=1");
        assertThat(jar.header(at("http://api.shop.example.test/cart"))).isNull();
        assertThat(jar.header(at("http://other.test/"))).isNull();
    }

    @Test
    void aDomainCookieGoesToSubdomainsAndForeignDomainsAreRefused() {
        jar.store(at("http://www.example.test/"), List.of("a=1; Domain=.example.test; Path=/", "b=2; Domain=evil.test; Path=/"));
        assertThat(jar.header(at("http://api.example.test/x"))).isEqualTo("a=1");
        assertThat(jar.header(at("http://example.test/"))).isEqualTo("a=1");
        assertThat(jar.header(at("http://notexample.test/"))).isNull();
        assertThat(jar.size()).isEqualTo(1);
    }

    @Test
    void pathsMatchOnSegmentsAndTheLongestPathComesFirst() {
        jar.store(at("http://h.test/"), List.of("root=r; Path=/", "app=a; Path=/app"));
        assertThat(jar.header(at("http://h.test/app/page?q=1"))).isEqualTo("app=a; root=r");
        assertThat(jar.header(at("http://h.test/app"))).isEqualTo("app=a; root=r");
        assertThat(jar.header(at("http://h.test/apple"))).isEqualTo("root=r");
        // No Path attribute: the directory of the request path.
        jar.store(at("http://h.test/docs/index.html"), List.of("d=1"));
        assertThat(jar.header(at("http://h.test/docs/other"))).contains("d=1");
        assertThat(jar.header(at("http://h.test/"))).doesNotContain("d=1");
    }

    @Test
    void secureCookiesOnlyTravelOverHttps() {
        jar.store(at("https://h.test/"), List.of("s=1; Secure; Path=/", "p=2; Path=/"));
        assertThat(jar.header(at("https://h.test/"))).isEqualTo("s=1; p=2");
        assertThat(jar.header(at("http://h.test/"))).isEqualTo("p=2");
    }

    @Test
    void aNewValueReplacesTheOldAndAnExpiredCookieIsDeleted() {
        jar.store(at("http://h.test/"), List.of("sid=1; Path=/", "keep=k; Path=/"));
        jar.store(at("http://h.test/"), List.of("sid=2; Path=/"));
        assertThat(jar.header(at("http://h.test/"))).isEqualTo("sid=2; keep=k");
        jar.store(at("http://h.test/"), List.of("sid=; Max-Age=0; Path=/"));
        jar.store(at("http://h.test/"), List.of("keep=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"));
        assertThat(jar.header(at("http://h.test/"))).isNull();
        assertThat(jar.size()).isZero();
    }

    @Test
    void garbageIsIgnored() {
        jar.store(at("http://h.test/"), List.of("", ";;;", "=novalue"));
        assertThat(jar.header(at("http://h.test/"))).isNull();
    }
}
