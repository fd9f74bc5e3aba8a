package io.stampede.coordinator.experiment.suite;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.stampede.coordinator.cli.LaunchCommand;
import io.stampede.coordinator.experiment.suite.SuiteNode.Member;
import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.core.load.LoadModel;
import io.stampede.core.scenario.ScenarioException;

/**
 * One entry of {@code load_tests}: the harness's {@code {test_name, url, qps, t, c}}, or a
 * {@code scenario:} file instead of the url, with the knobs of {@link TestKnobs}; knobs it
 * leaves out come from the suite's {@code defaults:}. With a {@code search:} mapping it is a
 * capacity search ({@link SearchReader}) instead: no {@code qps}, {@code t} or {@code repeats}
 * (the search sets rate and hold), {@code c} optional.
 */
final class LoadTestReader {

    static final Set<String> KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>(List.of("test_name", "url", "scenario"));
        keys.addAll(TestKnobs.KEYS);
        keys.add("search");
        KEYS = keys;
    }

    private LoadTestReader() {
    }

    /** Knobs a search sets itself. */
    static final List<String> NOT_FOR_SEARCH = List.of("qps", "t", "repeats");

    /** The test, or null when it has errors (reported). */
    static SuiteEntry read(SuiteNode node, String key, TestDefaults defaults, Path baseDir, SuiteReading reading) {
        Map<String, Member> members = reading.mapping(node, key, KEYS);
        if (members == null) {
            return null;
        }
        int errorsBefore = reading.errors().size();
        String name = null;
        if (!members.containsKey("test_name")) {
            reading.error(node.position(), key + ".test_name", "missing: the test's name (its results directory)");
        } else {
            name = reading.string(members.get("test_name").value(), key + ".test_name");
            if (name != null && !SafeName.isSafe(name)) {
                reading.error(members.get("test_name").value().position(), key + ".test_name", SafeName.RULE + "; got '" + name + "'");
            }
        }
        TestDefaults own = TestKnobs.read(members, key, reading);
        boolean search = members.containsKey("search");
        Double qps = null;
        Duration duration = null;
        Integer connections = null;
        if (search) {
            for (String knob : NOT_FOR_SEARCH) {
                if (members.containsKey(knob)) {
                    reading.error(members.get(knob).keyPosition(), key + "." + knob,
                            "not for a search entry: the search sets the rate and how long each step holds");
                }
            }
            connections = or(own.connections(), defaults.connections(), LoadModel.Open.DEFAULT_MAX_IN_FLIGHT);
        } else {
            qps = required(own.qps(), defaults.qps(), members, "qps", node, key, "iterations per second", reading);
            duration = required(own.duration(), defaults.duration(), members, "t", node, key,
                    "the run's duration, e.g. \"30s\"", reading);
            connections = required(own.connections(), defaults.connections(), members, "c", node, key,
                    "at most this many requests in flight", reading);
        }
        Duration warmUp = or(own.warmUp(), defaults.warmUp(), Duration.ZERO);
        SearchReader.Parts searchParts = search ? SearchReader.read(members.get("search").value(), key + ".search", warmUp, reading)
                : null;
        String url = null;
        Path scenarioFile = null;
        ScenarioSource scenario = null;
        boolean hasUrl = members.containsKey("url");
        boolean hasScenario = members.containsKey("scenario");
        if (hasUrl == hasScenario) {
            reading.error(hasUrl ? members.get("scenario").keyPosition() : node.position(), key + (hasUrl ? ".scenario" : ".url"),
                    hasUrl ? "give either url or scenario, not both" : "missing: the url to GET (or a scenario: file)");
        } else if (hasUrl) {
            url = reading.string(members.get("url").value(), key + ".url");
            String problem = url == null ? null : LaunchCommand.HostValidator.problem(url);
            if (problem != null) {
                reading.error(members.get("url").value().position(), key + ".url", problem);
                url = null;
            }
        } else {
            String file = reading.string(members.get("scenario").value(), key + ".scenario");
            if (file != null) {
                scenarioFile = baseDir == null ? Path.of(file) : baseDir.resolve(file).normalize();
                if (reading.confined() && (baseDir == null || !scenarioFile.toAbsolutePath().normalize().startsWith(baseDir))) {
                    reading.error(members.get("scenario").value().position(), key + ".scenario", "'" + file
                            + "' is not in the scenario directory" + (baseDir == null
                            ? " (none is configured: stampede.coordinator.scenario-dir)" : " " + baseDir)
                            + "; a suite from the UI may name only those files");
                } else {
                    scenario = scenario(scenarioFile, members.get("scenario").value(), key + ".scenario", reading);
                }
            }
        }
        if (url != null && name != null) {
            try {
                scenario = UrlScenario.of(name, url);
            } catch (ScenarioException e) {
                reading.error(members.get("url").value().position(), key + ".url", "cannot be requested as written: "
                        + e.errors().getFirst().message());
            }
        }
        if (reading.errors().size() > errorsBefore) {
            return null;
        }
        Duration coolDown = or(own.coolDown(), defaults.coolDown(), Duration.ZERO);
        Duration step = or(own.step(), defaults.step(), TestDefaults.DEFAULT_STEP);
        if (search) {
            return new SearchTest(name, url, scenarioFile, scenario, connections, searchParts.plan(), searchParts.slo(),
                    searchParts.minRate(), coolDown, step);
        }
        return new FixedRateTest(name, url, scenarioFile, scenario, qps, duration, connections, warmUp,
                or(own.repeats(), defaults.repeats(), 1), coolDown, step);
    }

    private static ScenarioSource scenario(Path file, SuiteNode at, String key, SuiteReading reading) {
        try {
            ScenarioSource source = ScenarioSource.fromFile(file);
            if (source.needsHost() && source.resolveHost(null) == null) {
                reading.error(at.position(), key, file + " has relative paths but no host: add host: to the scenario");
                return null;
            }
            return source;
        } catch (ScenarioException e) {
            reading.error(at.position(), key, "invalid scenario " + file + ":\n  "
                    + e.errors().stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        } catch (UncheckedIOException e) {
            reading.error(at.position(), key, "cannot read " + file + ": " + e.getCause().getMessage());
        }
        return null;
    }

    /** The test's own value, else the default; missing in both is an error naming the key. */
    private static <T> T required(T own, T fallback, Map<String, Member> members, String name, SuiteNode node, String key,
                                  String what, SuiteReading reading) {
        if (members.containsKey(name)) {
            return own; // null when bad: already reported
        }
        if (fallback == null) {
            reading.error(node.position(), key + "." + name, "missing: " + what + " (here or in defaults:)");
        }
        return fallback;
    }

    private static <T> T or(T own, T fallback, T otherwise) {
        return own != null ? own : fallback != null ? fallback : otherwise;
    }
}
