package io.stampede.engine;

import java.util.HashMap;
import java.util.Map;

import io.stampede.engine.feed.FeederSource;

/**
 * The variables every user of a run shares: scenario and run variables, and the run's feeders
 * (each user draws its own rows from them). Built once per run, read by every user.
 */
final class RunVariables {

    private final Map<String, String> values;
    private final FeederSource[] feeders;
    private final Map<String, Integer> feederIndex;

    RunVariables(Map<String, String> values, FeederSource[] feeders) {
        this.values = Map.copyOf(values);
        this.feeders = feeders.clone();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < feeders.length; i++) {
            index.put(feeders[i].name(), i);
        }
        this.feederIndex = Map.copyOf(index);
    }

    /** A scenario or run variable; null when undefined. */
    String get(String name) {
        return values.get(name);
    }

    int feederCount() {
        return feeders.length;
    }

    /** The index of the feeder named so, or -1. */
    int feederIndex(String name) {
        Integer index = feederIndex.get(name);
        return index == null ? -1 : index;
    }

    FeederSource feeder(int index) {
        return feeders[index];
    }
}
