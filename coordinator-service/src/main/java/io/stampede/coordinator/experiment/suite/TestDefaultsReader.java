package io.stampede.coordinator.experiment.suite;

import java.util.LinkedHashSet;
import java.util.Map;

import io.stampede.coordinator.experiment.suite.SuiteNode.Member;

/** {@code defaults: {qps, t, c, warm_up, repeats, cool_down, step}}. */
final class TestDefaultsReader {

    private TestDefaultsReader() {
    }

    static TestDefaults read(SuiteNode node, SuiteReading reading) {
        Map<String, Member> members = reading.mapping(node, "defaults", new LinkedHashSet<>(TestKnobs.KEYS));
        return members == null ? TestDefaults.NONE : TestKnobs.read(members, "defaults", reading);
    }
}
