package io.stampede.coordinator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The contract's "Browser safety" on a real coordinator (loopback, no auth: the case where a
 * browser's cross-site request would otherwise get through), with real curl requests carrying
 * the headers browsers send. The Chromium check of the same is CrossSiteBrowserIT.
 */
class BrowserSafetyTest {

    static ConfigurableApplicationContext context;
    static String base;
    static int port;

    @BeforeAll
    static void start() {
        context = TestApps.start(TestApps.options(0, "http://127.0.0.1:9"),
                "--stampede.coordinator.allowed-hosts=stampede.example.com");
        port = TestApps.webPort(context);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void crossSiteStateChangesAreRefusedScriptsAndSameOriginPagesPass() throws Exception {
        List<String> swarm = List.of("-X", "POST", "-F", "user_count=0", "-F", "spawn_rate=1", base + "/swarm");
        // A form posted by another site's page: each browser signal alone is enough.
        assertThat(curl(swarm, "-H", "Origin: http://evil.example")).isEqualTo(403);
        assertThat(curl(swarm, "-H", "Origin: null")).isEqualTo(403);
        assertThat(curl(swarm, "-H", "Sec-Fetch-Site: cross-site")).isEqualTo(403);
        assertThat(curl(swarm, "-H", "Sec-Fetch-Site: same-site", "-H", "Origin: http://127.0.0.1:3000")).isEqualTo(403);
        assertThat(curl(swarm, "-H", "Origin: http://127.0.0.1:" + (port + 1))).isEqualTo(403);
        Http.CurlResult refused = Http.curl(concat(swarm, "-H", "Sec-Fetch-Site: cross-site"));
        assertThat(refused.json().get("message").asString()).contains("cross-site request refused");
        // Scripts (no Origin, no Sec-Fetch-*) and the coordinator's own pages pass.
        assertThat(curl(swarm)).isEqualTo(200);
        assertThat(curl(swarm, "-H", "Origin: " + base, "-H", "Sec-Fetch-Site: same-origin")).isEqualTo(200);
        assertThat(curl(swarm, "-H", "Origin: " + base)).isEqualTo(200);

        // GET /stop and /stats/reset change state: Locust's scripts keep them, other sites can't use them,
        // not even as a top-level navigation (a link or a redirect) or an image.
        assertThat(curl(List.of(base + "/stop"), "-H", "Sec-Fetch-Site: cross-site", "-H", "Sec-Fetch-Mode: navigate"))
                .isEqualTo(403);
        assertThat(curl(List.of(base + "/stop"), "-H", "Sec-Fetch-Site: same-site")).isEqualTo(403);
        assertThat(curl(List.of("-I", base + "/stop"), "-H", "Sec-Fetch-Site: cross-site")).isEqualTo(403);
        assertThat(curl(List.of(base + "/stats/reset"), "-H", "Origin: http://evil.example")).isEqualTo(403);
        assertThat(curl(List.of(base + "/stop"))).isEqualTo(200);
        assertThat(curl(List.of(base + "/stop"), "-H", "Sec-Fetch-Site: none")).isEqualTo(200); // typed into the address bar
        assertThat(curl(List.of(base + "/stats/reset"))).isEqualTo(200);

        // The native API's writes too; reads stay readable (the same-origin policy guards what a page may read).
        assertThat(curl(List.of("-X", "DELETE", base + "/api/runs/nope"), "-H", "Sec-Fetch-Site: cross-site")).isEqualTo(403);
        assertThat(curl(List.of("-X", "DELETE", base + "/api/runs/nope"))).isEqualTo(404);
        assertThat(curl(List.of("-X", "POST", "-H", "Content-Type: application/json", "-d", "{}", base + "/api/runs"),
                "-H", "Origin: http://evil.example")).isEqualTo(403);
        assertThat(curl(List.of(base + "/stats/requests"), "-H", "Sec-Fetch-Site: cross-site")).isEqualTo(200);
    }

    @Test
    void onlyConfiguredHostNamesAreAnswered() throws Exception {
        // DNS rebinding: evil.example resolved to 127.0.0.1 still says Host: evil.example.
        Http.CurlResult rebound = Http.curl("-H", "Host: evil.example:" + port, base + "/stats/requests");
        assertThat(rebound.status()).isEqualTo(421);
        assertThat(rebound.json().get("message").asString()).contains("--allowed-hosts evil.example");
        assertThat(curl(List.of("-X", "POST", "-F", "user_count=0", "-F", "spawn_rate=1", base + "/swarm"),
                "-H", "Host: evil.example")).isEqualTo(421);
        assertThat(curl(List.of(base + "/"), "-H", "Host: evil.example")).isEqualTo(421);
        // The loopback names, the bound address and --allowed-hosts are accepted (any case, any port).
        for (String host : List.of("localhost", "127.0.0.1", "[::1]", "LocalHost", "stampede.example.com",
                "stampede.example.com:443", "localhost.")) {
            assertThat(curl(List.of(base + "/stats/requests"), "-H", "Host: " + host)).as(host).isEqualTo(200);
        }
        // Probes and Prometheus address the pod by its IP.
        assertThat(curl(List.of(base + "/actuator/health"), "-H", "Host: 10.1.2.3:8089")).isEqualTo(200);
    }

    @Test
    void pagesCarryAContentSecurityPolicyThatAllowsExactlyTheirInlineScripts() throws Exception {
        Http.CurlResult page = Http.curl("-D", "-", base + "/");
        assertThat(page.status()).isEqualTo(200);
        String csp = header(page.body(), "Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-eval", "http:", "https:");
        String html = page.body().substring(page.body().indexOf("<!doctype"));
        List<String> scripts = ContentSecurityPolicy.inlineScripts(html);
        assertThat(scripts).hasSize(2);
        Matcher hashes = Pattern.compile("'sha256-[A-Za-z0-9+/=]+'").matcher(csp.substring(csp.indexOf("script-src")));
        assertThat(hashes.results().count()).isEqualTo(2);
        assertThat(csp).doesNotContain("script-src 'self' 'unsafe-inline'");
    }

    @Test
    void headIsAnsweredLikeGet() throws Exception {
        for (String path : List.of("/", "/stats/requests", "/api/runs", "/js/app.js", "/stats/report", "/exceptions")) {
            Http.CurlResult get = Http.curl("-s", "-o", "/dev/null", "-D", "-", base + path);
            Http.CurlResult head = Http.curl("-I", base + path);
            assertThat(head.status()).as("HEAD " + path).isEqualTo(get.status()).isEqualTo(200);
            assertThat(header(head.body(), "Content-Type")).as(path).isEqualTo(header(get.body(), "Content-Type"));
        }
    }

    private static int curl(List<String> args, String... headers) throws Exception {
        return Http.curl(concat(args, headers)).status();
    }

    private static String[] concat(List<String> args, String... more) {
        String[] all = new String[args.size() + more.length];
        for (int i = 0; i < more.length; i++) {
            all[i] = more[i];
        }
        for (int i = 0; i < args.size(); i++) {
            all[more.length + i] = args.get(i);
        }
        return all;
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " header in:\n" + headers);
    }
}
