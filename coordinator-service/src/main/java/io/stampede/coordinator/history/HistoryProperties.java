package io.stampede.coordinator.history;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where finished runs are kept ({@code stampede.coordinator.history-dir}); the Helm chart
 * mounts a volume there. Its default, {@code ~/.stampede/history}, lives in application.yaml
 * only, like every other coordinator default.
 * {@code history-max-runs} and {@code history-max-age} trim it on every write (application.yaml has the defaults).
 * {@code history-checkpoint-interval}: how often an active run is written as a checkpoint (0s: never).
 */
@ConfigurationProperties("stampede.coordinator")
public record HistoryProperties(Path historyDir, int historyMaxRuns, Duration historyMaxAge,
                                Duration historyCheckpointInterval) {

    public HistoryProperties {
        if (historyDir == null) {
            throw new IllegalArgumentException("stampede.coordinator.history-dir is not set (application.yaml sets its default)");
        }
        if (historyMaxAge == null) {
            historyMaxAge = Duration.ZERO;
        }
        if (historyCheckpointInterval == null) {
            historyCheckpointInterval = Duration.ZERO;
        }
    }

    public HistoryStore.Retention retention() {
        return new HistoryStore.Retention(historyMaxRuns, historyMaxAge);
    }
}
