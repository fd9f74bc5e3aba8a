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
    /** Module imports must be absolute or relative paths on this server. */
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
    void modulesImportOnlyFilesThatExistOrTheChartWebJar() throws IOException {
        for (Path file : assets()) {
            if (!file.toString().endsWith(".js")) {
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("/webjars/")) {
                    assertThat(target).isEqualTo("/webjars/uplot/dist/uPlot.esm.js");
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
