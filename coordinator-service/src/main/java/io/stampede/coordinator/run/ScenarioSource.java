package io.stampede.coordinator.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.stampede.core.scenario.HttpStep;
import io.stampede.core.scenario.IfStep;
import io.stampede.core.scenario.LoopStep;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioException;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.UserClass;

/**
 * The scenario a run executes: its text (shipped to workers, which parse it again) and its
 * parsed form (validated once, at launch; the coordinator reads its host and thresholds).
 *
 * @param name     file name, for error messages on workers; "default" for the built-in one
 * @param yaml     the text; null for the built-in scenario (every user does GET / on the host)
 * @param scenario    the parsed form
 * @param attachments feeder files by the name the scenario uses, shipped to workers with StartLoad
 */
public record ScenarioSource(String name, String yaml, Scenario scenario, Map<String, String> attachments) {

    public ScenarioSource {
        attachments = Map.copyOf(attachments);
    }

    public static ScenarioSource defaultScenario(String host) {
        return new ScenarioSource("default", null, Scenario.defaultScenario(host), Map.of());
    }

    /**
     * Reads, parses and validates a scenario file, with the feeder files it references.
     *
     * @throws ScenarioException     when the file is not a valid scenario (every problem, with line and column)
     * @throws UncheckedIOException when the file or one of its feeder files cannot be read
     */
    public static ScenarioSource fromFile(Path file) {
        try {
            String yaml = Files.readString(file);
            Scenario scenario = ScenarioParser.parse(yaml, file);
            return new ScenarioSource(file.getFileName().toString(), yaml, scenario,
                    ScenarioParser.attachments(file, scenario));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** --host wins over the scenario's host. */
    public String resolveHost(String hostOverride) {
        if (hostOverride != null && !hostOverride.isBlank()) {
            return hostOverride;
        }
        return scenario.host();
    }

    /**
     * Whether a run of this scenario needs a host: some http step has a path relative to it. A
     * scenario of dns/k8s steps and absolute URLs (e.g. scenarios/coredns.yaml) runs without one.
     */
    public boolean needsHost() {
        if (anyNeedsHost(scenario.setup()) || anyNeedsHost(scenario.teardown())) {
            return true;
        }
        for (UserClass user : scenario.users()) {
            if (anyNeedsHost(user.onStart()) || anyNeedsHost(user.onStop())
                    || user.tasks().stream().anyMatch(ScenarioSource::taskNeedsHost)) {
                return true;
            }
        }
        return false;
    }

    private static boolean taskNeedsHost(Task task) {
        return anyNeedsHost(task.steps()) || task.tasks().stream().anyMatch(ScenarioSource::taskNeedsHost);
    }

    private static boolean anyNeedsHost(List<Step> steps) {
        return steps != null && steps.stream().anyMatch(ScenarioSource::stepNeedsHost);
    }

    private static boolean stepNeedsHost(Step step) {
        return switch (step) {
            case HttpStep http -> !(http.url().regionMatches(true, 0, "http://", 0, 7)
                    || http.url().regionMatches(true, 0, "https://", 0, 8));
            case LoopStep loop -> anyNeedsHost(loop.steps());
            case IfStep when -> anyNeedsHost(when.then()) || anyNeedsHost(when.otherwise());
            default -> false;
        };
    }
}
