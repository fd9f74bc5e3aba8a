package io.stampede.coordinator.ui;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stampede.coordinator.scenario-dir}: a directory of scenario files (*.yaml, *.yml) the
 * start form offers besides the {@code -f} one; unset: the directory of the {@code -f} file, if any. The Helm chart mounts its
 * scenarios ConfigMap there.
 */
@ConfigurationProperties("stampede.coordinator")
public record ScenarioCatalogProperties(Path scenarioDir) {
}
