package io.stampede.coordinator;

import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.run.ScenarioSource;

/** Turns the launch options into the scenario every run of this process executes. */
final class ScenarioSources {

    private ScenarioSources() {
    }

    static ScenarioSource load(LaunchOptions options) {
        if (options.scenarioYaml() == null) {
            return ScenarioSource.defaultScenario(options.host());
        }
        throw new IllegalStateException("scenario files are not supported yet");
    }
}
