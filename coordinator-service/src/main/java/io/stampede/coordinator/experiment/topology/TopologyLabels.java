package io.stampede.coordinator.experiment.topology;

import java.util.Locale;
import java.util.UUID;

/** The labels and names every topology object carries, so a later start can find and delete leftovers. */
final class TopologyLabels {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY_VALUE = "stampede";
    static final String SUITE = "stampede.io/suite";
    static final String NODE = "stampede.io/node";
    static final String NAME = "app.kubernetes.io/name";
    static final String NAME_VALUE = "sample-workload";
    static final String INSTANCE = "app.kubernetes.io/instance";

    private TopologyLabels() {
    }

    /** A new suite id: a valid label value and name part ({@code s} + 8 hex digits). */
    static String newSuiteId() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * {@code value} as a DNS-1123 label part: lower case, [a-z0-9-] only, at most {@code max}
     * characters, no leading or trailing '-'; e.g. node {@code "0"} stays {@code 0}.
     */
    static String dnsPart(String value, int max) {
        String cleaned = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        if (cleaned.length() > max) {
            cleaned = cleaned.substring(0, max);
        }
        cleaned = cleaned.replaceAll("^-+|-+$", "");
        if (cleaned.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' has no letter or digit to name a Kubernetes object after");
        }
        return cleaned;
    }
}
