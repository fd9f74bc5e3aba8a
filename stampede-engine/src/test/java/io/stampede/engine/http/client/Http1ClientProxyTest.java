package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.handler.proxy.ProxyConnectException;
import io.stampede.testing.Await;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Requests through a real proxy, Debian's tinyproxy on a loopback port: plain http forwarded
 * (absolute-form request line), https tunnelled with CONNECT (TLS end to end with the origin),
 * proxy credentials from the URL, and NO_PROXY bypassing it. The proxy's own log shows which
 * requests went through it.
 */
class Http1ClientProxyTest {

    @TempDir
    static Path dir;
    static DisposableServer plain;
    static TlsTestServer secure;
    static final List<String> plainRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTargets() throws Exception {
        plain = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    plainRequests.add(req.uri() + " proxy-authorization=" + req.requestHeaders().get("proxy-authorization"));
                    return res.sendString(Mono.just("plain " + req.uri()));
                })
                .bindNow();
        secure = new TlsTestServer(dir, "localhost", "ip:127.0.0.1,dns:localhost");
    }

    @AfterAll
    static void stopTargets() {
        plain.disposeNow();
        secure.close();
    }

    private static ClientFixture client(HttpProxies proxies) throws Exception {
        return new ClientFixture(new Http1ClientSettings(4, Duration.ofSeconds(5), null, 10, "stampede-test",
                TlsTestServer.trusting(secure.certificate)).withProxies(proxies));
    }

    private static String plainUrl(String path) {
        return "http://127.0.0.1:" + plain.port() + path;
    }

    @Test
    void plainHttpIsForwardedWithAnAbsoluteFormRequestLine(@TempDir Path proxyDir) throws Exception {
        try (TinyproxyServer proxy = new TinyproxyServer(proxyDir, List.of(), null);
             ClientFixture client = client(HttpProxies.fromEnvironment(Map.of("http_proxy", proxy.url())))) {
            ClientFixture.Response first = client.exchange(client.get(plainUrl("/forwarded?a=1")));
            ClientFixture.Response second = client.exchange(client.get(plainUrl("/forwarded?a=2")));

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).isEqualTo("plain /forwarded?a=1");
            assertThat(second.text()).isEqualTo("plain /forwarded?a=2");
            Await.until("tinyproxy logged both requests", Duration.ofSeconds(5), () -> requests(proxy).size() >= 2);
            assertThat(requests(proxy)).containsExactly(
                    "GET " + plainUrl("/forwarded?a=1") + " HTTP/1.1", "GET " + plainUrl("/forwarded?a=2") + " HTTP/1.1");
        }
    }

    @Test
    void httpsIsTunnelledWithConnectAndVerifiedAgainstTheOrigin(@TempDir Path proxyDir) throws Exception {
        try (TinyproxyServer proxy = new TinyproxyServer(proxyDir, List.of(secure.port()), null);
             ClientFixture client = client(HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", proxy.url())))) {
            ClientFixture.Response first = client.exchange(client.get(secure.url("localhost", "/tunnelled")));
            ClientFixture.Response second = client.exchange(client.get(secure.url("localhost", "/again")));

            assertThat(first.text()).isEqualTo("secure /tunnelled");
            assertThat(second.text()).isEqualTo("secure /again");
            // One tunnel, kept alive for both requests; the proxy sees the origin's name, not an address resolved here.
            Await.until("tinyproxy logged the CONNECT", Duration.ofSeconds(5), () -> !requests(proxy).isEmpty());
            assertThat(requests(proxy)).containsExactly("CONNECT localhost:" + secure.port() + " HTTP/1.1");
            assertThat(client.openConnections(secure.url("localhost", "/"))).isEqualTo(1);
        }
    }

    @Test
    void aProxyRefusingTheTunnelIsAProxyErrorNotARefusedConnection(@TempDir Path proxyDir) throws Exception {
        // No ConnectPort for the target: tinyproxy answers CONNECT with 403.
        try (TinyproxyServer proxy = new TinyproxyServer(proxyDir, List.of(1), null);
             ClientFixture client = client(HttpProxies.fromEnvironment(Map.of("https_proxy", proxy.url())))) {
            Throwable failure = client.failure(client.get(secure.url("localhost", "/refused")), ClientFixture.WAIT);

            assertThat(failure).isInstanceOf(ProxyConnectException.class).hasMessageContaining("403");
        }
    }

    @Test
    void credentialsFromTheProxyUrlAreSentToTheProxyOnly(@TempDir Path proxyDir) throws Exception {
        try (TinyproxyServer proxy = new TinyproxyServer(proxyDir, List.of(secure.port()), "alice s3cret");
             ClientFixture anonymous = client(HttpProxies.fromEnvironment(Map.of("http_proxy", proxy.url())));
             ClientFixture known = client(HttpProxies.fromEnvironment(Map.of(
                     "http_proxy", "http://alice:s3%63ret@127.0.0.1:" + proxy.port,
                     "https_proxy", "http://alice:s3cret@127.0.0.1:" + proxy.port)))) {
            assertThat(anonymous.exchange(anonymous.get(plainUrl("/anonymous"))).status()).isEqualTo(407);

            assertThat(known.exchange(known.get(plainUrl("/authorized"))).text()).isEqualTo("plain /authorized");
            assertThat(known.exchange(known.get(secure.url("localhost", "/authorized"))).text()).isEqualTo("secure /authorized");
            // tinyproxy drops proxy-authorization before forwarding; the target never sees the credentials.
            assertThat(plainRequests).contains("/authorized proxy-authorization=null");
        }
    }

    @Test
    void noProxyHostsAreReachedDirectly(@TempDir Path proxyDir) throws Exception {
        try (TinyproxyServer proxy = new TinyproxyServer(proxyDir, List.of(secure.port()), null);
             ClientFixture client = client(HttpProxies.fromEnvironment(Map.of(
                     "http_proxy", proxy.url(), "https_proxy", proxy.url(), "NO_PROXY", "example.org, .localhost")))) {
            assertThat(client.exchange(client.get(secure.url("localhost", "/direct"))).text()).isEqualTo("secure /direct");
            assertThat(client.exchange(client.get(plainUrl("/proxied"))).text()).isEqualTo("plain /proxied");

            Await.until("tinyproxy logged the proxied request", Duration.ofSeconds(5), () -> !requests(proxy).isEmpty());
            assertThat(requests(proxy)).containsExactly("GET " + plainUrl("/proxied") + " HTTP/1.1");
        }
    }

    @Test
    void environmentIsReadAsCurlReadsIt() {
        HttpProxies proxies = HttpProxies.fromEnvironment(Map.of(
                "HTTP_PROXY", "http://upper:1", "http_proxy", "http://lower:3128",
                "HTTPS_PROXY", "proxy.corp", "no_proxy", " .internal.corp ,10.0.0.1,[::1]"));

        assertThat(proxies.http()).isEqualTo(new HttpProxies.Proxy("lower", 3128, null, null, null));
        assertThat(proxies.https().authority()).isEqualTo("proxy.corp:1080");
        assertThat(proxies.noProxy()).containsExactly("internal.corp", "10.0.0.1", "::1");
        assertThat(proxies.proxyFor(Origin.of(false, "api.internal.corp", 80))).isNull();
        assertThat(proxies.proxyFor(Origin.of(false, "internal.corp", 80))).isNull();
        assertThat(proxies.proxyFor(Origin.of(false, "notinternal.corp", 80))).isEqualTo(proxies.http());
        assertThat(proxies.proxyFor(Origin.of(true, "10.0.0.1", 443))).isNull();
        assertThat(proxies.proxyFor(Origin.of(true, "::1", 443))).isNull();
        assertThat(HttpProxies.fromEnvironment(Map.of("https_proxy", "http://x:1", "NO_PROXY", "*"))
                .proxyFor(Origin.of(true, "anything", 443))).isNull();
        assertThat(HttpProxies.fromEnvironment(Map.of())).isEqualTo(HttpProxies.NONE);
    }

    @Test
    void credentialsNeverShowAndOnlyHttpProxiesAreAccepted() {
        HttpProxies.Proxy proxy = HttpProxies.Proxy.parse("http://bob:pa%3As+s@proxy:8080", "proxy");

        assertThat(proxy.user()).isEqualTo("bob");
        assertThat(proxy.password()).isEqualTo("pa:s+s");
        assertThat(proxy.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("bob:pa:s+s".getBytes()));
        assertThat(proxy.toString()).isEqualTo("http://***@proxy:8080").doesNotContain("pa");
        assertThatThrownBy(() -> HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://proxy:1080")))
                .hasMessage("https_proxy: proxy scheme 'socks5' is not supported (only http:// proxies, which tunnel https with CONNECT)");
    }

    private static List<String> requests(TinyproxyServer proxy) {
        try {
            return proxy.requests();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
