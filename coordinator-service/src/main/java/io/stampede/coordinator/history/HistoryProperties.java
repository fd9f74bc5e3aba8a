package io.stampede.coordinator.history;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where finished runs are kept ({@code stampede.coordinator.history-dir}); the Helm chart
 * mounts a volume there. The default, {@code ~/.stampede/history}, is set in application.yaml;
 * a binding without it (slice tests) falls back to the same place.
 */
@ConfigurationProperties("stampede.coordinator")
public record HistoryProperties(Path historyDir) {

    public HistoryProperties {
        if (historyDir == null) {
            historyDir = Path.of(System.getProperty("user.home"), ".stampede", "history");
        }
    }
}
