package io.stampede.coordinator.metrics;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stampede.coordinator.metrics.*}; defaults and their reasons live in application.yaml.
 *
 * @param maxNames            distinct request names exported per run; the rest are summed under
 *                            {@value RunMetricsCollector#OTHER_NAME}
 * @param responseTimeBuckets upper bounds (seconds, increasing) of the response-time histograms' buckets
 */
@ConfigurationProperties("stampede.coordinator.metrics")
public record RunMetricsProperties(int maxNames, List<Double> responseTimeBuckets) {

    public RunMetricsProperties {
        if (maxNames < 1) {
            throw new IllegalArgumentException("stampede.coordinator.metrics.max-names must be at least 1: " + maxNames);
        }
        if (responseTimeBuckets == null || responseTimeBuckets.isEmpty()) {
            throw new IllegalArgumentException("stampede.coordinator.metrics.response-time-buckets must name at least one bound");
        }
        for (int i = 0; i < responseTimeBuckets.size(); i++) {
            double bound = responseTimeBuckets.get(i);
            if (!(bound > 0) || Double.isInfinite(bound) || i > 0 && bound <= responseTimeBuckets.get(i - 1)) {
                throw new IllegalArgumentException("stampede.coordinator.metrics.response-time-buckets must be positive, "
                        + "finite and increasing: " + responseTimeBuckets);
            }
        }
        responseTimeBuckets = List.copyOf(responseTimeBuckets);
    }
}
