package io.stampede.coordinator.shutdown;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stampede.coordinator.shutdown-grace-period}: how long a SIGTERM may take to stop the
 * active run, collect the workers' last reports and write history and reports (default in
 * application.yaml; below the Helm chart's terminationGracePeriodSeconds).
 */
@ConfigurationProperties("stampede.coordinator")
public record ShutdownProperties(Duration shutdownGracePeriod) {

    public ShutdownProperties {
        if (shutdownGracePeriod == null || shutdownGracePeriod.isNegative()) {
            throw new IllegalArgumentException("stampede.coordinator.shutdown-grace-period: must be >= 0, got "
                    + shutdownGracePeriod);
        }
    }
}
