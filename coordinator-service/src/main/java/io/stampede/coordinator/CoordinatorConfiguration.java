package io.stampede.coordinator;

import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.coordinator.console.ConsoleStatsPrinter;
import io.stampede.coordinator.link.LinkServer;
import io.stampede.coordinator.local.LocalWorkers;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunReports;
import io.stampede.coordinator.run.RunState;
import io.stampede.coordinator.run.ScenarioSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the worker link and the run state machine. */
@Configuration(proxyBeanMethods = false)
public class CoordinatorConfiguration {

    /** main() registers the parsed options as a singleton before refresh; without it (plain Spring start), no flags. */
    @Bean
    @ConditionalOnMissingBean
    LaunchOptions launchOptions() {
        return LaunchOptions.defaults();
    }

    /** --print-stats beside the UI: the table while a run is active (headless mode prints its own, see HeadlessRun). */
    @Bean(destroyMethod = "close")
    ConsoleStatsPrinter consoleStatsPrinter(LaunchOptions launchOptions, RunCoordinator run, CoordinatorProperties properties) {
        if (!launchOptions.printStats() || launchOptions.headless()) {
            return ConsoleStatsPrinter.NONE;
        }
        return ConsoleStatsPrinter.start(System.out, run.events(), properties.printStatsInterval(), RunState::isActive);
    }

    @Bean
    WorkerRegistry workerRegistry() {
        return new WorkerRegistry();
    }

    @Bean
    ScenarioSource scenarioSource(LaunchOptions launchOptions) {
        return launchOptions.scenario();
    }

    @Bean(destroyMethod = "close")
    RunCoordinator runCoordinator(WorkerRegistry registry, CoordinatorProperties properties, ScenarioSource scenario,
                                  LaunchOptions launchOptions) {
        // Its metrics (users, workers, run state, requests): io.stampede.coordinator.metrics.
        return new RunCoordinator(registry, properties, scenario, launchOptions.host());
    }

    @Bean
    RunReports runReports(RunCoordinator run) {
        return new RunReports(run);
    }

    @Bean
    LinkServer linkServer(CoordinatorProperties properties, WorkerRegistry registry, RunCoordinator run) {
        return new LinkServer(properties, registry, run);
    }

    @Bean
    LocalWorkers localWorkers(LaunchOptions launchOptions, LinkServer linkServer, CoordinatorProperties properties) {
        return new LocalWorkers(launchOptions, linkServer, properties.insecureTls());
    }
}
