package io.stampede.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.engine.link.Worker;
import io.stampede.engine.link.WorkerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The user's journey in a real browser against the packaged coordinator and a real local
 * target: start a run from the form, watch charts and tables fill, edit and stop it, find it
 * in the history, compare two runs, download the report. Screenshots of every page go to
 * target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(UiBrowserIT.ScreenshotOnFailure.class)
class UiBrowserIT {

    /** A failed step leaves a picture of what the browser showed. */
    static final class ScreenshotOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                Chromium.screenshot(driver, "FAILED-" + context.getRequiredTestMethod().getName());
            }
        }
    }

    static final String TOKEN = "ui-it-token";
    static final String MIXED = """
            name: mixed
            users:
              - name: visitor
                weight: 1
                wait: {constant: 100ms}
                tasks:
                  - name: pages
                    steps:
                      - http: {name: home, method: GET, path: /}
                      - http: {name: slow, method: GET, path: /slow}
                      - http: {name: broken, method: GET, path: /fail}
            """;

    @TempDir
    static Path work;
    static LocalTarget target;
    static CoordinatorProcess coordinator;
    static ChromeDriver driver;
    static Worker worker;
    static Path downloads;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        target = new LocalTarget();
        Path scenarios = Files.createDirectories(work.resolve("scenarios"));
        Files.writeString(scenarios.resolve("mixed.yaml"), MIXED);
        // The worker runs in this JVM on the real engine and link, as a worker pod would.
        coordinator = new CoordinatorProcess(work, List.of("--local-workers", "0", "-H", target.url(),
                "--link-token", TOKEN, "--web-host", "127.0.0.1",
                "--stampede.coordinator.history-dir=" + work.resolve("history"),
                "--stampede.coordinator.scenario-dir=" + scenarios));
        worker = new Worker(WorkerSettings.of("127.0.0.1:" + coordinator.linkPort, TOKEN).withWorkerId("it-worker-1"));
        worker.start();
        downloads = Files.createDirectories(work.resolve("downloads"));
        driver = Chromium.start(downloads);
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.quitThenClose(driver, worker, coordinator, target);
    }

    static <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return Chromium.await(driver, timeout, condition);
    }

    static String text(String css) {
        return Chromium.text(driver, css);
    }

    /** Texts of the cells matching a selector, read in one script so a re-render can't interleave. */
    @SuppressWarnings("unchecked")
    static List<String> texts(String css) {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())", css);
    }

    /** # Requests of an endpoint in the live statistics table; -1 while it has no row. */
    static long requestsOf(String endpoint) {
        Object count = driver.executeScript("""
                for (const row of document.querySelectorAll('[data-panel=stats] tbody tr')) {
                  const cells = row.querySelectorAll('td');
                  if (cells.length > 3 && cells[1].textContent.trim() === arguments[0]) return cells[2].textContent.replace(/,/g, '');
                }
                return '-1';""", endpoint);
        return Long.parseLong(String.valueOf(count));
    }

    @Test
    @Order(1)
    void startFormValidatesAPastedScenarioInline() {
        driver.get(coordinator.url());
        Select scenario = new Select(await(Duration.ofSeconds(10), d -> d.findElement(By.name("scenario"))));
        await(Duration.ofSeconds(5), d -> scenario.getOptions().size() >= 3);
        assertThat(scenario.getOptions()).extracting(WebElement::getText)
                .anySatisfy(o -> assertThat(o).contains("mixed"));
        Chromium.screenshot(driver, "01-start-form");

        scenario.selectByValue("__paste__");
        WebElement yaml = driver.findElement(By.name("scenarioYaml"));
        yaml.sendKeys("name: broken\nusers:\n  - name: u\n    wait: {constant: fast}\n    tasks: []\n");
        WebElement error = await(Duration.ofSeconds(5), d -> d.findElement(By.cssSelector(".validation .errors li")));
        assertThat(error.getText()).contains("line ");
        assertThat(driver.findElement(By.id("start-button")).isEnabled()).isFalse();
        Chromium.screenshot(driver, "02-scenario-validation");
    }

    @Test
    @Order(2)
    void startsARunAndWatchesItLive() {
        driver.get(coordinator.url());
        Select scenario = new Select(await(Duration.ofSeconds(10), d -> d.findElement(By.name("scenario"))));
        await(Duration.ofSeconds(5), d -> scenario.getOptions().size() >= 3);
        scenario.selectByValue("file:mixed.yaml");
        fill("users", "4");
        fill("spawnRate", "4");
        fill("runTime", "3m");
        driver.findElement(By.id("start-button")).click();

        await(Duration.ofSeconds(10), d -> d.findElement(By.id("run-panel")).isDisplayed());
        await(Duration.ofSeconds(20), d -> text("#kpi-state").equals("running"));
        assertThat(text("#run-panel .title")).contains("mixed");
        // Charts draw a canvas once they have points; give them a few seconds of data.
        await(Duration.ofSeconds(15), d -> d.findElements(By.cssSelector("[data-panel=charts] canvas")).size() >= 3);
        CoordinatorProcess.sleep(5000);
        assertThat(Double.parseDouble(text("#kpi-rps").replace(",", ""))).isPositive();
        Chromium.screenshot(driver, "03-live-charts");

        driver.findElement(By.cssSelector("[data-tab=stats]")).click();
        await(Duration.ofSeconds(10), d -> requestsOf("slow") > 0 && requestsOf("broken") > 0);
        assertThat(texts("[data-panel=stats] tbody tr td.name")).contains("home", "slow", "broken").last().isEqualTo("Aggregated");
        // Sorting by a column keeps Aggregated last.
        driver.findElement(By.cssSelector("[data-panel=stats] th[data-key=name]")).click();
        assertThat(texts("[data-panel=stats] tbody tr td.name")).containsExactly("broken", "home", "slow", "Aggregated");
        Chromium.screenshot(driver, "04-live-statistics");

        driver.findElement(By.cssSelector("[data-tab=failures]")).click();
        await(Duration.ofSeconds(5), d -> !d.findElements(By.cssSelector("[data-panel=failures] tbody td.name")).isEmpty());
        assertThat(text("[data-panel=failures] tbody")).contains("broken").contains("500");
        Chromium.screenshot(driver, "05-live-failures");
    }

    @Test
    @Order(3)
    void workersTabShowsAWorkerJoinAndLeaveWithin3s() {
        driver.findElement(By.cssSelector("[data-tab=workers]")).click();
        await(Duration.ofSeconds(3), d -> d.findElements(By.cssSelector("[data-panel=workers] tbody tr")).size() == 1);
        Worker extra = new Worker(WorkerSettings.of("127.0.0.1:" + coordinator.linkPort, TOKEN).withWorkerId("it-extra-worker"));
        try {
            extra.start();
            await(Duration.ofSeconds(3), d -> text("[data-panel=workers] tbody").contains("it-extra-worker"));
            await(Duration.ofSeconds(5), d -> d.findElements(By.cssSelector("[data-panel=workers] tbody tr")).size() == 2);
            Chromium.screenshot(driver, "06-live-workers");
        } finally {
            extra.close();
        }
        await(Duration.ofSeconds(3), d -> !text("[data-panel=workers] tbody").contains("it-extra-worker"));

        // A worker whose link drops without a bye stays listed, greyed, as missing (Locust's state).
        try (LinkTestWorker crashed = LinkTestWorker.connect("it-crashed-worker", coordinator.linkPort, TOKEN)) {
            await(Duration.ofSeconds(3), d -> text("[data-panel=workers] tbody").contains("it-crashed-worker"));
            crashed.kill();
            await(Duration.ofSeconds(5), d -> !d.findElements(By.cssSelector("[data-panel=workers] tbody tr.missing")).isEmpty());
            WebElement row = driver.findElement(By.cssSelector("[data-panel=workers] tbody tr.missing"));
            assertThat(row.getText()).contains("it-crashed-worker").contains("missing");
            assertThat(row.findElement(By.cssSelector(".state-missing")).getText()).isEqualTo("missing");
            Chromium.screenshot(driver, "06b-missing-worker");
        }
    }

    @Test
    @Order(4)
    void editsUsersThenStops() {
        WebElement users = driver.findElement(By.name("editUsers"));
        users.clear();
        users.sendKeys("6");
        driver.findElement(By.id("edit-button")).click();
        await(Duration.ofSeconds(15), d -> text("#kpi-users").equals("6"));
        driver.findElement(By.id("stop-button")).click();
        await(Duration.ofSeconds(15), d -> text("#kpi-state").equals("stopped"));
        await(Duration.ofSeconds(5), d -> d.findElement(By.id("start-panel")).isDisplayed());
        Chromium.screenshot(driver, "07-stopped");
    }

    @Test
    @Order(5)
    void aSecondRunThenBothAreInTheHistory() {
        Select scenario = new Select(driver.findElement(By.name("scenario")));
        scenario.selectByValue("launch");
        fill("users", "2");
        fill("runTime", "");
        driver.findElement(By.id("start-button")).click();
        await(Duration.ofSeconds(20), d -> text("#kpi-state").equals("running"));
        // Keep it running until requests were answered, so the comparison has figures on both sides.
        driver.findElement(By.cssSelector("[data-tab=stats]")).click();
        await(Duration.ofSeconds(20), d -> requestsOf("/") > 20);
        CoordinatorProcess.sleep(5000); // long enough for a few points of series to overlay
        driver.findElement(By.id("stop-button")).click();
        await(Duration.ofSeconds(15), d -> text("#kpi-state").equals("stopped"));

        driver.findElement(By.cssSelector("#nav a[data-route=history]")).click();
        await(Duration.ofSeconds(10), d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("input[data-run-id]")).size() == 2;
        });
        assertThat(text("table.data tbody")).contains("mixed").contains("default");
        Chromium.screenshot(driver, "08-history");
    }

    @Test
    @Order(6)
    void opensARunAndDownloadsItsReport() throws Exception {
        List<WebElement> links = driver.findElements(By.cssSelector("table.data tbody td a[href^='#/runs/']"));
        links.getLast().click(); // the oldest: the mixed run
        await(Duration.ofSeconds(10), d -> text("h1").contains("mixed"));
        await(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector(".chart canvas")).size() >= 3);
        Chromium.screenshot(driver, "09-run-detail");

        driver.findElement(By.cssSelector("a[href$='report.html?download=1']")).click();
        Path report = await(Duration.ofSeconds(10), d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.toString().endsWith(".html")).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
        assertThat(Files.readString(report)).containsIgnoringCase("<html").contains("slow");

        String csvUrl = driver.findElement(By.cssSelector("a[href$='stats.csv?download=1']")).getAttribute("href");
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(csvUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        assertThat(csv.body()).contains("slow").contains("Aggregated");
    }

    @Test
    @Order(7)
    void comparesTwoRuns() {
        driver.get(coordinator.url() + "/#/history");
        await(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector("input[data-run-id]")).size() == 2);
        driver.findElements(By.cssSelector("input[data-run-id]")).forEach(WebElement::click);
        driver.findElement(By.id("compare-button")).click();
        await(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector("#compare-endpoints tbody tr")).size() >= 4);
        await(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector(".chart canvas")).size() == 4);
        assertThat(text("#compare-endpoints")).contains("slow").contains("not called in this run").contains("Aggregated");
        assertThat(driver.findElements(By.cssSelector("#compare-summary .delta"))).isNotEmpty();
        Chromium.screenshot(driver, "10-compare");

        driver.findElement(By.id("theme-toggle")).click();
        CoordinatorProcess.sleep(500);
        assertThat(driver.findElement(By.tagName("html")).getAttribute("data-theme")).isIn("dark", "light");
        Chromium.screenshot(driver, "11-compare-other-theme");
    }

    @Test
    @Order(8)
    void narrowScreenAndDelete() {
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(coordinator.url() + "/#/");
        await(Duration.ofSeconds(10), d -> d.findElement(By.id("start-panel")).isDisplayed());
        Chromium.screenshot(driver, "12-narrow-run");
        driver.get(coordinator.url() + "/#/history");
        await(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector("[data-delete-run]")).size() == 2);
        Chromium.screenshot(driver, "13-narrow-history");
        driver.manage().window().setSize(new Dimension(1280, 800));

        driver.findElements(By.cssSelector("[data-delete-run]")).getFirst().click();
        driver.switchTo().alert().accept();
        await(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector("[data-delete-run]")).size() == 1);
    }

    @Test
    @Order(9)
    void aRunWhoseSetupFailsSaysWhy() {
        driver.get(coordinator.url() + "/#/");
        Select scenario = new Select(await(Duration.ofSeconds(10), d -> d.findElement(By.name("scenario"))));
        scenario.selectByValue("__paste__");
        driver.findElement(By.name("scenarioYaml")).sendKeys("""
                name: setup-fails
                setup:
                  - http: {name: prepare, path: /, expect: {status: 599}}
                users:
                  - name: u
                    tasks:
                      - name: t
                        steps:
                          - http: {name: home, path: /}
                """);
        fill("users", "2");
        fill("spawnRate", "2");
        await(Duration.ofSeconds(5), d -> d.findElement(By.id("start-button")).isEnabled());
        driver.findElement(By.id("start-button")).click();

        WebElement banner = await(Duration.ofSeconds(15),
                d -> d.findElement(By.id("run-error")).isDisplayed() ? d.findElement(By.id("run-error")) : null);
        assertThat(banner.getText()).contains("setup:").contains("prepare");
        Chromium.screenshot(driver, "14-setup-failed");
    }

    @Test
    @Order(10)
    void anArrivalRateRunShowsRequestedVersusAchievedAndCorrectedLatency() {
        driver.get(coordinator.url() + "/#/");
        Select scenario = new Select(await(Duration.ofSeconds(10), d -> d.findElement(By.name("scenario"))));
        scenario.selectByValue("__paste__");
        driver.findElement(By.name("scenarioYaml")).clear(); // the form kept the last pasted scenario
        driver.findElement(By.name("scenarioYaml")).sendKeys("""
                name: open-slow
                users:
                  - name: u
                    tasks:
                      - name: t
                        steps:
                          - http: {name: slow, method: GET, path: /slow}
                """);
        new Select(driver.findElement(By.name("model"))).selectByValue("rate");
        assertThat(driver.findElement(By.name("users")).isDisplayed()).isFalse();
        // /slow answers after 20 ms and one iteration at a time may run: at most ~50 of the 100/s asked for
        // start; the others wait for the slot, so their latency from the intended start grows.
        fill("rate", "100");
        fill("rateDuration", "");
        fill("maxInFlight", "1");
        fill("runTime", "2m");
        Chromium.screenshot(driver, "15-start-form-arrival-rate");
        await(Duration.ofSeconds(5), d -> d.findElement(By.id("start-button")).isEnabled());
        driver.findElement(By.id("start-button")).click();

        await(Duration.ofSeconds(20), d -> text("#kpi-state").equals("running"));
        await(Duration.ofSeconds(15), d -> d.findElement(By.id("kpi-rate-box")).isDisplayed());
        await(Duration.ofSeconds(20), d -> achievedRate() > 0);
        assertThat(text("#kpi-rate")).endsWith("/ 100.0");
        assertThat(driver.findElement(By.name("editUsers")).isDisplayed()).isFalse();
        WebElement warnings = await(Duration.ofSeconds(30),
                d -> d.findElement(By.id("generator-warnings")).isDisplayed() ? d.findElement(By.id("generator-warnings")) : null);
        assertThat(warnings.getText()).contains("of the requested 100/s");
        assertThat(achievedRate()).isLessThan(90);
        await(Duration.ofSeconds(15), d -> d.findElements(By.cssSelector("[data-panel=charts] canvas")).size() >= 4);
        assertThat(driver.findElement(By.cssSelector("[data-chart='Iterations per second']")).isDisplayed()).isTrue();
        Chromium.screenshot(driver, "16-arrival-rate-live");

        driver.findElement(By.cssSelector("[data-tab=stats]")).click();
        await(Duration.ofSeconds(10), d -> requestsOf("slow") > 0);
        double serviceP99 = aggregatedP99();
        driver.findElement(By.id("latency-corrected")).click();
        // Waiting for the one slot counts from the intended start: far beyond the 20 ms of service time,
        // and growing while the backlog does (the table refreshes, so wait for it rather than read once).
        assertThat(serviceP99).isLessThan(200);
        double correctedP99 = await(Duration.ofSeconds(20), d -> {
            double p99 = aggregatedP99();
            return p99 > Math.max(100, serviceP99 * 2) ? p99 : null;
        });
        assertThat(correctedP99).isGreaterThan(serviceP99 * 2).isGreaterThan(100);
        Chromium.screenshot(driver, "17-arrival-rate-corrected-table");
        driver.findElement(By.cssSelector("[data-tab=charts]")).click();
        await(Duration.ofSeconds(5), d -> d.findElement(By.cssSelector(
                "[data-chart='Response times from intended start (corrected, since start)']")).isDisplayed());
        Chromium.screenshot(driver, "18-arrival-rate-corrected-charts");
        driver.findElement(By.id("latency-service")).click();

        driver.findElement(By.id("stop-button")).click();
        await(Duration.ofSeconds(15), d -> text("#kpi-state").equals("stopped"));
    }

    /** The achieved rate of the header's "achieved / requested" KPI. */
    static double achievedRate() {
        return Double.parseDouble(text("#kpi-rate").split("/")[0].replace(",", "").trim());
    }

    /** The Aggregated row's 99%ile in the live statistics table, as shown (service time or corrected). */
    static double aggregatedP99() {
        Object value = driver.executeScript("""
                const index = [...document.querySelectorAll('[data-panel=stats] thead th')].findIndex(th => th.dataset.key === 'p0.99');
                for (const row of document.querySelectorAll('[data-panel=stats] tbody tr')) {
                  const cells = row.querySelectorAll('td');
                  if (cells[1]?.textContent.trim() === 'Aggregated') return cells[index].textContent.replace(/,/g, '');
                }
                return 'NaN';""");
        return Double.parseDouble(String.valueOf(value));
    }

    static void fill(String name, String value) {
        WebElement input = driver.findElement(By.name(name));
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }
}
