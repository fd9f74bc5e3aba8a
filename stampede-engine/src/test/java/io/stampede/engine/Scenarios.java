package io.stampede.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stampede.core.scenario.Expect;
import io.stampede.core.scenario.Extractor;
import io.stampede.core.scenario.HttpBody;
import io.stampede.core.scenario.HttpStep;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.ThinkStep;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.WaitTime;

/** Builds test scenarios from the model records. */
final class Scenarios {

    private Scenarios() {
    }

    static HttpStep get(String url) {
        return new HttpStep(null, "GET", url, Map.of(), Map.of(), null, null, null, Map.of());
    }

    static HttpStep get(String url, Expect expect) {
        return new HttpStep(null, "GET", url, Map.of(), Map.of(), null, null, expect, Map.of());
    }

    static HttpStep post(String name, String url, Object json, Expect expect, Map<String, Extractor> extract) {
        return new HttpStep(name, "POST", url, Map.of(), Map.of(), new HttpBody.Json(json), null, expect, extract);
    }

    static ThinkStep think(long millis) {
        return new ThinkStep(Duration.ofMillis(millis), Duration.ofMillis(millis));
    }

    static Expect status(int code) {
        return new Expect(List.of(new Expect.StatusRange(code, code)), null, Map.of());
    }

    static Scenario of(WaitTime wait, Step... steps) {
        Task task = new Task("task", 1, false, List.of(steps), List.of());
        return of(new UserClass("user", 1, wait, false, List.of(task), List.of(), List.of()));
    }

    static Scenario of(UserClass... classes) {
        return new Scenario("test", null, List.of(classes), List.of(), List.of(), Map.of(), Map.of(), List.of());
    }
}
