package io.stampede.coordinator.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stampede.coordinator.run.RunCoordinator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the run metrics on {@code /actuator/prometheus}: a collector on the Prometheus registry
 * behind Micrometer's, so they are scraped with the JVM and HTTP metrics.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RunMetricsProperties.class)
public class RunMetricsConfiguration {

    @Bean
    RunMetricsSource runMetricsSource(RunCoordinator coordinator) {
        return new RunCoordinatorMetricsSource(coordinator);
    }

    @Bean
    RunMetricsCollector runMetricsCollector(RunMetricsSource source, RunMetricsProperties properties) {
        return new RunMetricsCollector(source, properties);
    }

    /** Registered for as long as the context lives; absent when the Prometheus export is turned off. */
    @Bean
    RunMetricsRegistration runMetricsRegistration(RunMetricsCollector collector,
                                                  ObjectProvider<PrometheusMeterRegistry> prometheus) {
        return new RunMetricsRegistration(collector, prometheus.getIfAvailable());
    }

    /** Registers the collector and takes it off again when the context closes. */
    static final class RunMetricsRegistration implements AutoCloseable {

        private final RunMetricsCollector collector;
        private final PrometheusMeterRegistry registry;

        RunMetricsRegistration(RunMetricsCollector collector, PrometheusMeterRegistry registry) {
            this.collector = collector;
            this.registry = registry;
            if (registry != null) {
                registry.getPrometheusRegistry().register(collector);
            }
        }

        @Override
        public void close() {
            if (registry != null) {
                registry.getPrometheusRegistry().unregister(collector);
            }
        }
    }
}
