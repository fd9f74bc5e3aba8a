package io.stampede.coordinator.experiment.suite;

import java.util.regex.Pattern;

/** Names that become path segments of the results (test names, metric names, the suite's name). */
public final class SafeName {

    public static final String RULE = "must be letters, digits, '.', '_' or '-' (it names a results directory or file), not starting with '.'";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private SafeName() {
    }

    public static boolean isSafe(String name) {
        return name.length() <= 200 && SAFE.matcher(name).matches();
    }
}
