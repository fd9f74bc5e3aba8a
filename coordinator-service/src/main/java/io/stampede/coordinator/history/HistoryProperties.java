package io.stampede.coordinator.history;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where finished runs are kept ({@code stampede.coordinator.history-dir}); the Helm chart
 * mounts a volume there. The default, {@code ~/.stampede/history}, is set in application.yaml;
 * a binding without it (slice tests) falls back to the same place. {@code history-max-runs} and
 * {@code history-max-age} trim it on every write (application.yaml has the defaults; unset: no cap).
 */
@ConfigurationProperties("stampede.coordinator")
public record HistoryProperties(Path historyDir, int historyMaxRuns, Duration historyMaxAge) {

    public HistoryProperties {
        if (historyDir == null) {
            historyDir = Path.of(System.getProperty("user.home"), ".stampede", "history");
        }
        if (historyMaxAge == null) {
            historyMaxAge = Duration.ZERO;
        }
    }

    public HistoryStore.Retention retention() {
        return new HistoryStore.Retention(historyMaxRuns, historyMaxAge);
    }
}
