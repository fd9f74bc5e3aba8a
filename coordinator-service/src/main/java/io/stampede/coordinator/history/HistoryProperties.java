package io.stampede.coordinator.history;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where finished runs are kept ({@code stampede.coordinator.history-dir}); the Helm chart
 * mounts a volume there. Its default, {@code ~/.stampede/history}, lives in application.yaml
 * only, like every other coordinator default.
 */
@ConfigurationProperties("stampede.coordinator")
public record HistoryProperties(Path historyDir) {

    public HistoryProperties {
        if (historyDir == null) {
            throw new IllegalArgumentException("stampede.coordinator.history-dir is not set (application.yaml sets its default)");
        }
    }
}
