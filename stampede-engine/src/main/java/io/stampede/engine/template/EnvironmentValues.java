package io.stampede.engine.template;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * {@code ${env.NAME}}: a scenario reads the worker's environment, so a credential kept in a
 * Kubernetes Secret (the chart's {@code environment_secret}) reaches a request without being in
 * the scenario's ConfigMap, the UI or the history. Every value read this way is remembered, and
 * {@link #redact} masks it in texts that leave the process (failure messages, logs), so it shows
 * up in no report either.
 */
public final class EnvironmentValues {

    /** Values shorter than this are not masked: "1" or "on" would mask half of every message. */
    static final int MIN_SECRET_LENGTH = 4;
    private static final String MASK = "***";

    private static final Set<String> READ = ConcurrentHashMap.newKeySet();
    private static volatile UnaryOperator<String> environment = System::getenv;

    private EnvironmentValues() {
    }

    /** The variable's value (remembered for redaction); null when it is not set. */
    public static String get(String name) {
        String value = environment.apply(name);
        if (value != null && value.length() >= MIN_SECRET_LENGTH) {
            READ.add(value);
        }
        return value;
    }

    /** {@code text} with every environment value a scenario has read replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null || READ.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String value : READ) {
            if (masked.contains(value)) {
                masked = masked.replace(value, MASK);
            }
        }
        return masked;
    }

    /** Replaces where values come from; for tests, which cannot set the process environment. */
    public static void useEnvironment(UnaryOperator<String> lookup) {
        environment = lookup == null ? System::getenv : lookup;
    }
}
