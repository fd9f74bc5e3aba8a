package io.stampede.core.scenario.read;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The variables defined at a point of the scenario, in document order. */
final class Scope {
    final Set<String> names = new HashSet<>();
    final Set<String> feeders = new HashSet<>();
    /** Known columns per feeder; a feeder missing here accepts any column. */
    final Map<String, Set<String>> columns = new HashMap<>();

    boolean defines(String expression) {
        int dot = expression.indexOf('.');
        if (names.contains(expression)) {
            return true;
        }
        if (dot > 0 && feeders.contains(expression.substring(0, dot))) {
            Set<String> known = columns.get(expression.substring(0, dot));
            return known == null || known.contains(expression.substring(dot + 1));
        }
        return false;
    }

    Scope copy() {
        Scope s = new Scope();
        s.names.addAll(names);
        s.feeders.addAll(feeders);
        s.columns.putAll(columns);
        return s;
    }
}
