package io.stampede.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The packaged jar with {@code --web-base-path /stampede} (an ALB routing by path) in a real
 * browser: opened without the trailing slash, the page renders, its modules and the charts'
 * WebJar load, the live stream flows and a run starts and stops. Kept short: UiBrowserIT
 * covers the pages themselves at the root.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBasePathBrowserIT {

    @TempDir
    static Path work;
    static LocalTarget target;
    static CoordinatorProcess coordinator;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        target = new LocalTarget();
        coordinator = new CoordinatorProcess(work, List.of("--local-workers", "1", "-H", target.url(),
                "--web-host", "127.0.0.1", "--web-base-path", "/stampede",
                "--stampede.coordinator.history-dir=" + work.resolve("history")), "/stampede");
        driver = Chromium.start(work.resolve("downloads"));
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.quitThenClose(driver, coordinator, target);
    }

    static <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return Chromium.await(driver, timeout, condition);
    }

    static String text(String css) {
        return Chromium.text(driver, css);
    }

    @Test
    @Order(1)
    void startsAndStopsARunUnderTheBasePath() {
        driver.get(coordinator.url()); // http://127.0.0.1:PORT/stampede, no trailing slash
        Select scenario = new Select(await(Duration.ofSeconds(15), d -> d.findElement(By.name("scenario"))));
        await(Duration.ofSeconds(5), d -> !scenario.getOptions().isEmpty());
        assertThat(driver.getCurrentUrl()).endsWith("/stampede/");
        // app.css applied (the stylesheet resolved under the prefix): the top bar is laid out by it
        assertThat(driver.findElement(By.cssSelector("header.topbar")).getCssValue("display")).isEqualTo("flex");
        Chromium.screenshot(driver, "base-path-01-start-form");

        for (String[] field : new String[][] {{"users", "2"}, {"spawnRate", "2"}, {"runTime", "2m"}}) {
            WebElement input = driver.findElement(By.name(field[0]));
            input.clear();
            input.sendKeys(field[1]);
        }
        driver.findElement(By.id("start-button")).click();
        // kpi-state comes from the event stream (api/stream under the prefix)
        await(Duration.ofSeconds(20), d -> text("#kpi-state").equals("running"));
        // charts.js imported ../webjars/uplot/...: the charts draw
        await(Duration.ofSeconds(15), d -> d.findElements(By.cssSelector("[data-panel=charts] canvas")).size() >= 3);
        await(Duration.ofSeconds(10), d -> Double.parseDouble(text("#kpi-rps").replace(",", "")) > 0);
        assertThat(target.requests.get()).isPositive();
        Chromium.screenshot(driver, "base-path-02-running");

        driver.findElement(By.id("stop-button")).click();
        await(Duration.ofSeconds(15), d -> text("#kpi-state").equals("stopped"));
    }

    /**
     * Behind a proxy that strips its own prefix (kubectl proxy, nginx) and opened without the
     * trailing slash: index.html's replaceState adds the slash, so every relative URL goes
     * through the proxy's prefix.
     */
    @Test
    @Order(2)
    void worksBehindAPrefixStrippingProxyOpenedWithoutTheSlash() {
        try (PrefixProxy proxy = new PrefixProxy("/load", coordinator.url())) {
            driver.get(proxy.url()); // http://127.0.0.1:PROXY/load -> coordinator /stampede/
            Select scenario = new Select(await(Duration.ofSeconds(15), d -> d.findElement(By.name("scenario"))));
            await(Duration.ofSeconds(5), d -> !scenario.getOptions().isEmpty());
            assertThat(driver.getCurrentUrl()).isEqualTo(proxy.url() + "/");
            assertThat(driver.findElement(By.cssSelector("header.topbar")).getCssValue("display")).isEqualTo("flex");
            // the event stream through the proxy fills the KPIs: one local worker
            await(Duration.ofSeconds(10), d -> text("#kpi-workers").equals("1"));
            driver.findElement(By.cssSelector("a[data-route=history]")).click();
            await(Duration.ofSeconds(10), d -> d.getCurrentUrl().equals(proxy.url() + "/#/history"));
            Chromium.screenshot(driver, "base-path-03-stripping-proxy");
        }
    }
}
