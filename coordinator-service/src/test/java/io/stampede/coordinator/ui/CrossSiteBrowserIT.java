package io.stampede.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The attacks of issue 18 in a real browser: a page of another site (attacker.test, served
 * here, resolved to 127.0.0.1 by Chromium's resolver rules) posts a form to /swarm and
 * navigates to /stop of a coordinator on loopback (no auth there); a rebound name
 * (rebind.test → 127.0.0.1) loads the UI. Each is refused by the coordinator; the UI itself
 * still works under its Content-Security-Policy.
 */
class CrossSiteBrowserIT {

    @TempDir
    static Path work;
    static ConfigurableApplicationContext coordinator;
    static String base;
    static int port;
    static HttpServer attacker;
    static final Map<String, String> pages = new ConcurrentHashMap<>();
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        Chromium.assumeInstalled();
        coordinator = TestApps.start(TestApps.options(0, "http://127.0.0.1:9"),
                "--stampede.coordinator.history-dir=" + work.resolve("history"));
        port = TestApps.webPort(coordinator);
        base = "http://127.0.0.1:" + port;
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            byte[] body = pages.getOrDefault(exchange.getRequestURI().getPath(), "not found").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
        driver = Chromium.start(Files.createDirectories(work.resolve("downloads")),
                "--host-resolver-rules=MAP attacker.test 127.0.0.1, MAP rebind.test 127.0.0.1");
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.quitThenClose(driver, attacker == null ? null : () -> attacker.stop(0), coordinator);
    }

    static String attackerUrl(String path) {
        return "http://attacker.test:" + attacker.getAddress().getPort() + path;
    }

    static String state() throws Exception {
        return Http.json(Http.get(base + "/api/runs/current")).get("state").asString();
    }

    static String bodyText() {
        return Chromium.await(driver, Duration.ofSeconds(10), d -> {
            String text = d.findElement(By.tagName("body")).getText();
            return text.isBlank() ? null : text;
        });
    }

    @Test
    void anotherSitesFormCannotStartARun() throws Exception {
        String before = state();
        pages.put("/swarm.html", """
                <!doctype html><body>
                <form id="f" method="post" action="%s/swarm">
                  <input name="user_count" value="3"><input name="spawn_rate" value="3">
                  <input name="host" value="http://127.0.0.1:9">
                </form>
                <script>document.getElementById('f').submit();</script>
                </body>""".formatted(base));
        driver.get(attackerUrl("/swarm.html"));
        Chromium.await(driver, Duration.ofSeconds(10), d -> d.getCurrentUrl().startsWith(base) ? true : null);
        assertThat(bodyText()).contains("cross-site request refused");
        assertThat(state()).isEqualTo(before);
        assertThat(Http.json(Http.get(base + "/api/runs/current")).get("user_count").asInt()).isZero();
    }

    @Test
    void anotherSitesLinkCannotStopARunButTheOperatorTypingTheUrlCan() throws Exception {
        assertThat(Http.curl("-X", "POST", "-F", "user_count=1", "-F", "spawn_rate=1", base + "/swarm").status())
                .isEqualTo(200);
        String running = state();
        assertThat(running).isNotEqualTo("stopped");
        pages.put("/stop.html", "<!doctype html><body><script>location = '%s/stop';</script></body>".formatted(base));
        driver.get(attackerUrl("/stop.html"));
        Chromium.await(driver, Duration.ofSeconds(10), d -> d.getCurrentUrl().startsWith(base) ? true : null);
        assertThat(bodyText()).contains("cross-site request refused");
        assertThat(state()).isEqualTo(running);

        driver.get(base + "/stop"); // typed into the address bar: Sec-Fetch-Site: none
        assertThat(bodyText()).contains("Test stopped");
        assertThat(state()).isEqualTo("stopped");
    }

    @Test
    void aReboundHostNameGetsNoPage() {
        driver.get("http://rebind.test:" + port + "/");
        assertThat(bodyText()).contains("is not a name of this coordinator");
    }

    @Test
    void theUiRunsUnderItsContentSecurityPolicy() {
        driver.get(base + "/");
        // The theme is set by an inline script allowed by its hash; the KPIs by the modules.
        Chromium.await(driver, Duration.ofSeconds(15),
                d -> d.findElements(By.cssSelector("#view *")).isEmpty() ? null : true);
        assertThat(driver.executeScript("return document.documentElement.dataset.theme")).isIn("dark", "light");
        assertThat(Chromium.text(driver, "#kpi-state")).isNotBlank();
    }
}
