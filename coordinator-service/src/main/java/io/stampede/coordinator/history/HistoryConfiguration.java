package io.stampede.coordinator.history;

import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunReports;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HistoryProperties.class)
public class HistoryConfiguration {

    @Bean
    HistoryStore historyStore(HistoryProperties properties, JsonMapper mapper) {
        return new HistoryStore(properties.historyDir(), mapper, properties.retention());
    }

    @Bean(destroyMethod = "close")
    RunHistoryRecorder runHistoryRecorder(RunCoordinator run, RunReports reports, HistoryStore store, JsonMapper mapper,
                                          HistoryProperties properties) {
        return new RunHistoryRecorder(run.events(), store, mapper, reports::results,
                properties.historyCheckpointInterval());
    }
}
