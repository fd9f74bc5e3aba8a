package io.stampede.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Experiments page in headless Chromium against the packaged coordinator (one local worker)
 * and a real local target: paste a suite with a mistake and see the line, fix it, start it, follow
 * its progress, then find its run in the results table with the CSV export beside it.
 */
@ExtendWith(ExperimentsBrowserIT.ScreenshotOnFailure.class)
class ExperimentsBrowserIT {

    static final class ScreenshotOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                Chromium.screenshot(driver, "FAILED-experiments-" + context.getRequiredTestMethod().getName());
            }
        }
    }

    @TempDir
    static Path work;
    static LocalTarget target;
    static CoordinatorProcess coordinator;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        target = new LocalTarget();
        seedARunWithAMetric(work.resolve("results").resolve("seeded").resolve("20250101000000"));
        coordinator = new CoordinatorProcess(work, List.of("--local-workers", "1", "--web-host", "127.0.0.1",
                "--stampede.coordinator.history-dir=" + work.resolve("history"),
                "--stampede.experiments.results=" + work.resolve("results")));
        driver = Chromium.start(Files.createDirectories(work.resolve("downloads")));
    }

    /** A recorded run with a captured metric (as a suite with Prometheus leaves it), for the plots. */
    static void seedARunWithAMetric(Path run) throws java.io.IOException {
        Files.createDirectories(run.resolve("metrics"));
        Files.writeString(run.resolve("stats.json"), """
                {"stats": [{"method": null, "name": "Aggregated", "num_requests": 600, "num_failures": 0,
                 "response_time_percentile_0.5": 2, "response_time_percentile_0.99": 8}], "iterations_started": 600}""");
        Files.writeString(run.resolve("metrics/entry_memory.json"), """
                {"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {"pod": "service-0"},
                 "values": [[1735689600, "100"], [1735689610, "180"], [1735689620, "150"]]}]}}""");
        Files.writeString(run.resolve("metadata.json"), """
                {"suite": "seeded", "test_name": "seeded", "qps": 20, "duration_seconds": 30, "start_epoch_ms": 1735689600000,
                 "end_epoch_ms": 1735689630000, "metrics": {"entry_memory": "max(x)"}, "metric_errors": {}, "stopped": false,
                 "exit_code": 0}""");
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

    static void paste(String text) {
        WebElement area = driver.findElement(By.id("suite-text"));
        // Set as a user's paste would: typing JSON through sendKeys is slow and auto-indents nothing here anyway.
        driver.executeScript("arguments[0].value = arguments[1]", area, text);
        WebElement name = driver.findElement(By.id("suite-name"));
        name.clear();
        name.sendKeys("config.json");
    }

    @Test
    void startsASuiteFollowsItAndFindsItsRunInTheResults() {
        driver.get(coordinator.url() + "/#/experiments");
        await(Duration.ofSeconds(10), d -> d.findElement(By.id("experiment-start")).isDisplayed());
        assertThat(driver.findElement(By.cssSelector("#nav a.active")).getText()).isEqualTo("Experiments");

        paste("""
                {"load_tests": [
                  {"test_name": "browser-qps-10", "url": "%s/", "qps": "ten", "t": "4s", "c": 2}
                ]}""".formatted(target.url()));
        driver.findElement(By.id("experiment-start")).click();
        WebElement error = await(Duration.ofSeconds(10), d -> d.findElement(By.cssSelector("#suite-errors li")));
        assertThat(error.getText()).contains("line 2:").contains("load_tests[0].qps");
        Chromium.screenshot(driver, "40-experiments-suite-error");

        paste("""
                {"load_tests": [
                  {"test_name": "browser-qps-10", "url": "%s/", "qps": 10, "t": "4s", "c": 2}
                ]}""".formatted(target.url()));
        driver.findElement(By.id("experiment-start")).click();
        await(Duration.ofSeconds(10), d -> d.findElement(By.id("experiment-progress")).isDisplayed()
                && d.findElement(By.id("experiment-title")).getText().contains("run 1 of 1"));
        assertThat(driver.findElement(By.id("experiment-title")).getText()).contains("browser-qps-10");
        assertThat(driver.findElement(By.id("experiment-stop")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("experiment-live")).getAttribute("href")).endsWith("#/");
        await(Duration.ofSeconds(10), d -> Double.parseDouble(d.findElement(By.id("experiment-bar")).getAttribute("value")) > 0);
        Chromium.screenshot(driver, "41-experiments-progress");

        await(Duration.ofSeconds(40), d -> d.findElement(By.id("experiment-title")).getText().contains("finished"));
        WebElement row = await(Duration.ofSeconds(10), d -> d.findElement(By.cssSelector(
                "#results-tables [data-suite=config] tbody tr input[data-directory^='browser-qps-10/']")));
        assertThat(row).isNotNull();
        List<String> cells = driver.findElements(By.cssSelector("#results-tables [data-suite=config] tbody tr td")).stream()
                .map(WebElement::getText).toList();
        assertThat(cells).contains("browser-qps-10", "10.0");
        assertThat(driver.findElement(By.id("results-csv")).getAttribute("href")).endsWith("api/experiments/results.csv");
        assertThat(driver.findElements(By.cssSelector("#results-tables [data-suite=config] a")).stream()
                .map(a -> a.getAttribute("href")).toList())
                .anySatisfy(href -> assertThat(href).contains("api/experiments/results/browser-qps-10/").endsWith("/report.html"));
        assertThat(driver.findElement(By.id("experiment-start")).isDisplayed()).isTrue();
        Chromium.screenshot(driver, "42-experiments-results");

        // The seeded run's metric: plotted against its achieved rate, and over time once ticked.
        await(Duration.ofSeconds(10), d -> "entry_memory".equals(d.findElement(By.id("metric-select")).getAttribute("value")));
        await(Duration.ofSeconds(10), d -> !d.findElements(By.cssSelector("#rate-scatter canvas")).isEmpty());
        assertThat(text("#rate-scatter h3")).isEqualTo("Achieved rate against entry_memory (max)");
        assertThat(driver.findElements(By.cssSelector("#results-tables [data-suite=seeded] tbody td")).stream()
                .map(WebElement::getText).toList()).contains("180", "143");
        driver.findElement(By.cssSelector("#results-tables input[data-directory='seeded/20250101000000']")).click();
        await(Duration.ofSeconds(10), d -> !d.findElements(By.cssSelector("#overlay canvas")).isEmpty());
        driver.executeScript("document.getElementById('experiment-results').scrollIntoView()");
        Chromium.screenshot(driver, "43-experiments-plots");
    }
}
