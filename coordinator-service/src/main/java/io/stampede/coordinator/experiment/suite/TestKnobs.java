package io.stampede.coordinator.experiment.suite;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.experiment.suite.SuiteNode.Member;
import io.stampede.core.load.Rate;

/** The knobs a test and the suite's {@code defaults:} share, read the same way in both places. */
final class TestKnobs {

    static final List<String> KEYS = List.of("qps", "t", "c", "warm_up", "repeats", "cool_down", "step");
    /** More in flight than this is no test a coordinator's workers can hold. */
    static final int MAX_CONNECTIONS = 1_000_000;
    static final int MAX_REPEATS = 1000;

    private TestKnobs() {
    }

    /** The knobs present in {@code members} under {@code key}; absent or bad ones are null. */
    static TestDefaults read(Map<String, Member> members, String key, SuiteReading reading) {
        return new TestDefaults(
                members.containsKey("qps") ? reading.positiveNumber(members.get("qps").value(), key + ".qps", Rate.MAX_PER_SECOND) : null,
                duration(members, "t", key, false, reading),
                members.containsKey("c") ? reading.wholeNumber(members.get("c").value(), key + ".c", 1, MAX_CONNECTIONS) : null,
                duration(members, "warm_up", key, true, reading),
                members.containsKey("repeats") ? reading.wholeNumber(members.get("repeats").value(), key + ".repeats", 1, MAX_REPEATS) : null,
                duration(members, "cool_down", key, true, reading),
                duration(members, "step", key, false, reading));
    }

    private static Duration duration(Map<String, Member> members, String name, String key, boolean zeroAllowed,
                                     SuiteReading reading) {
        return members.containsKey(name) ? reading.duration(members.get(name).value(), key + "." + name, zeroAllowed) : null;
    }
}
