package io.stampede.core.scenario;

import java.util.List;
import java.util.Map;

import io.stampede.core.load.LoadSpec;

/**
 * A load test as the user wrote it in YAML: immutable, validated, and shipped to workers as
 * its source text (each worker parses it again). The engine turns it into its own executable
 * form; nothing here knows how requests are sent.
 *
 * @param name       shown in the UI, reports and history
 * @param host       base URL for relative paths; {@code --host} overrides it; may be null
 * @param users      user classes, picked by weight
 * @param setup      steps run exactly once per run before any user starts; their extracted
 *                   variables are visible to every user
 * @param teardown   steps run exactly once per run after every user stopped
 * @param feeders    data feeders by name
 * @param variables  constant variables every user starts with
 * @param thresholds pass/fail criteria checked at the end of a run (exit code 1 when breached)
 * @param load       the workload model as the scenario gives it ({@code load:}); the command
 *                   line and the API override it field by field
 * @param http       how HTTP requests connect: compression, proxy, TLS ({@code http:})
 */
public record Scenario(String name, String host, List<UserClass> users, List<Step> setup, List<Step> teardown,
                       Map<String, Feeder> feeders, Map<String, String> variables, List<Threshold> thresholds,
                       LoadSpec load, HttpSettings http) {

    /** A scenario without an {@code http:} section. */
    public Scenario(String name, String host, List<UserClass> users, List<Step> setup, List<Step> teardown,
                    Map<String, Feeder> feeders, Map<String, String> variables, List<Threshold> thresholds,
                    LoadSpec load) {
        this(name, host, users, setup, teardown, feeders, variables, thresholds, load, HttpSettings.DEFAULT);
    }

    /** A scenario without a {@code load:} section. */
    public Scenario(String name, String host, List<UserClass> users, List<Step> setup, List<Step> teardown,
                    Map<String, Feeder> feeders, Map<String, String> variables, List<Threshold> thresholds) {
        this(name, host, users, setup, teardown, feeders, variables, thresholds, LoadSpec.EMPTY);
    }

    public Scenario {
        users = List.copyOf(users);
        setup = List.copyOf(setup);
        teardown = List.copyOf(teardown);
        feeders = Map.copyOf(feeders);
        variables = Map.copyOf(variables);
        thresholds = List.copyOf(thresholds);
        load = load == null ? LoadSpec.EMPTY : load;
        http = http == null ? HttpSettings.DEFAULT : http;
    }

    /** The scenario used when no file is given: every user does {@code GET /} on the host, no wait. */
    public static Scenario defaultScenario(String host) {
        HttpStep get = new HttpStep("/", "GET", "/", Map.of(), Map.of(), null, null, null, Map.of());
        Task task = new Task("GET /", 1, false, List.of(get), List.of());
        UserClass user = new UserClass("default", 1, new WaitTime.None(), false, List.of(task), List.of(), List.of());
        return new Scenario("default", host, List.of(user), List.of(), List.of(), Map.of(), Map.of(), List.of());
    }
}
