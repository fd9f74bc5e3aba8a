package io.stampede.coordinator.shutdown;

import io.stampede.coordinator.headless.HeadlessRun;
import io.stampede.coordinator.history.RunHistoryRecorder;
import io.stampede.coordinator.run.RunCoordinator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShutdownProperties.class)
public class ShutdownConfiguration {

    @Bean
    RunShutdown runShutdown(RunCoordinator run, RunHistoryRecorder recorder, HeadlessRun headless,
                            ShutdownProperties properties) {
        return new RunShutdown(run, recorder, headless, properties.shutdownGracePeriod());
    }
}
