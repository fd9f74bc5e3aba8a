package io.stampede.coordinator.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.stampede.testing.RequiredTools;

/**
 * Debian's headless Chromium driven through its chromedriver (apt {@code chromium
 * chromium-driver}, see .ci/apt.d/ui.txt); nothing is downloaded. Without them the test is
 * skipped with the reason, except on CI, where it fails.
 */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /**
     * Quits the browser, then closes the rest in the order given (the worker before the
     * coordinator before the target, so nothing logs the others going away). Nulls are skipped,
     * for a setup that failed half-way; every one is tried, and the first failure is rethrown.
     */
    static void quitThenClose(WebDriver driver, AutoCloseable... resources) throws Exception {
        Exception first = null;
        if (driver != null) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                first = e;
            }
        }
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static void assumeInstalled() {
        RequiredTools.require("Chromium browser tests need them: apt-get install chromium chromium-driver", BROWSER, DRIVER);
    }

    static ChromeDriver start(Path downloads) {
        return start(downloads, new String[0]);
    }

    /** @param extraArguments more Chromium switches, e.g. {@code --host-resolver-rules=MAP evil.test 127.0.0.1} */
    static ChromeDriver start(Path downloads, String... extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--force-device-scale-factor=1");
        options.addArguments(extraArguments);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.manage().window().setSize(new Dimension(1280, 800));
        return driver;
    }

    /** Waits for the condition; live tables are re-rendered every second, so an element found a moment ago may be gone. */
    static <T> T await(WebDriver driver, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** The text of the first element matching the selector. */
    static String text(WebDriver driver, String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** Saves target/screenshots/NAME.png (CI keeps the folder as an artifact). */
    static Path screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
