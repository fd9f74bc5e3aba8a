package io.stampede.coordinator.ui;

import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunReports;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScenarioCatalogProperties.class)
public class UiConfiguration {

    @Bean
    LiveFeed liveFeed(RunCoordinator run, RunReports reports) {
        return new LiveFeed(run, reports);
    }

    @Bean
    ScenarioCatalog scenarioCatalog(RunCoordinator run, ScenarioCatalogProperties properties) {
        return new ScenarioCatalog(run, properties.scenarioDir());
    }
}
