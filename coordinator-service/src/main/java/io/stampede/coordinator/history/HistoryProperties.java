package io.stampede.coordinator.history;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where finished runs are kept ({@code stampede.coordinator.history-dir}); the Helm chart
 * mounts a volume there.
 */
@ConfigurationProperties("stampede.coordinator")
public record HistoryProperties(@DefaultValue("${user.home}/.stampede/history") Path historyDir) {
}
