package io.stampede.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The page must work behind an air gap: every asset it loads comes from the coordinator itself. */
class StaticAssetsTest {

    static final Path STATIC = Path.of("src/main/resources/static");
    /** src/href/import/url() pointing at another host (protocol-relative too). */
    static final Pattern EXTERNAL = Pattern.compile(
            "(?:src|href)\\s*=\\s*[\"'](?:https?:)?//|from\\s+[\"'](?:https?:)?//|import\\s*\\(\\s*[\"'](?:https?:)?//|url\\(\\s*[\"']?(?:https?:)?//");
    /**
     * A quoted URL (or url()) that starts with one of the server's own top-level paths: absolute,
     * so it would miss --web-base-path and a proxy's prefix. The UI must use relative URLs.
     */
    static final Pattern ABSOLUTE_OWN_URL = Pattern.compile(
            "[\"'`(]\\s*/(?:api|stats|swarm|stop|exceptions|webjars|css|js|actuator)(?:[/?#\"'`)]|$)");
    /** Module imports must be relative paths on this server. */
    static final Pattern IMPORT = Pattern.compile("(?m)^import .* from '([^']+)';");

    @Test
    void noAssetIsLoadedFromAnotherHost() throws IOException {
        List<Path> files = assets();
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("index.html", "app.js", "app.css");
        for (Path file : files) {
            Matcher m = EXTERNAL.matcher(Files.readString(file));
            assertThat(m.find()).as("%s loads %s", file, m.find(0) ? m.group() : "").isFalse();
        }
    }

    @Test
    void everyUrlOfTheServerIsRelativeSoTheUiWorksUnderABasePath() throws IOException {
        assertThat(ABSOLUTE_OWN_URL.matcher("fetch('/api/runs')").find()).as("the check itself").isTrue();
        assertThat(ABSOLUTE_OWN_URL.matcher("href=\"/css/app.css\"").find()).as("the check itself").isTrue();
        assertThat(ABSOLUTE_OWN_URL.matcher("`/api/runs/${id}`").find()).as("the check itself").isTrue();
        assertThat(ABSOLUTE_OWN_URL.matcher("getJson('/stop')").find()).as("the check itself").isTrue();
        assertThat(ABSOLUTE_OWN_URL.matcher("fetch('api/runs')").find()).as("the check itself").isFalse();
        for (Path file : assets()) {
            String text = Files.readString(file);
            Matcher m = ABSOLUTE_OWN_URL.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                assertThat(m.group()).as("%s:%d uses an absolute URL; make it relative to the page", file, line).isNull();
            }
        }
    }

    @Test
    void modulesImportOnlyFilesThatExistOrTheChartWebJar() throws IOException {
        for (Path file : assets()) {
            if (!file.toString().endsWith(".js")) {
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("/webjars/")) {
                    // relative to the module, so it follows the page's base path
                    assertThat(file.getParent().resolve(target).normalize()).isEqualTo(STATIC.resolve("webjars/uplot/dist/uPlot.esm.js"));
                    assertThat(Thread.currentThread().getContextClassLoader()
                            .getResource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js")).isNotNull();
                } else {
                    assertThat(file.getParent().resolve(target).normalize()).as("%s imports %s", file, target).isRegularFile();
                }
            }
        }
    }

    private static List<Path> assets() throws IOException {
        try (Stream<Path> paths = Files.walk(STATIC)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }
}
