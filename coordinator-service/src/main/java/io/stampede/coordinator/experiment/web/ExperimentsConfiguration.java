package io.stampede.coordinator.experiment.web;

import io.stampede.coordinator.experiment.ResultsCatalog;
import io.stampede.coordinator.experiment.results.ResultsStores;
import io.stampede.coordinator.run.RunCoordinator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Experiments page: suites started from the UI and the analysis of the results location. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExperimentsProperties.class)
public class ExperimentsConfiguration {

    @Bean(destroyMethod = "close")
    ExperimentSession experimentSession(RunCoordinator run, ExperimentsProperties properties) {
        try {
            return new ExperimentSession(run, ResultsStores.open(properties.results()), properties.topologySettings());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ExperimentsProperties.PREFIX + ".results: " + e.getMessage(), e);
        }
    }

    @Bean
    ResultsCatalog resultsCatalog(ExperimentSession session, ExperimentsProperties properties) {
        return new ResultsCatalog(session.store(), properties.maxRunsListed());
    }
}
