package io.stampede.coordinator.ui;

import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.run.RunCoordinator;
import java.nio.file.Path;
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

    /** Without a scenario directory, the -f file's siblings are offered: the usual repo layout keeps them together. */
    @Bean
    ScenarioCatalog scenarioCatalog(RunCoordinator run, ScenarioCatalogProperties properties, LaunchOptions launchOptions) {
        Path dir = properties.scenarioDir();
        if (dir == null && launchOptions.scenarioFile() != null) {
            dir = launchOptions.scenarioFile().toAbsolutePath().getParent();
        }
        return new ScenarioCatalog(run, dir);
    }
}
