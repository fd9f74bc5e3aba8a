package io.stampede.coordinator.metrics;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The request names of the current run that get series of their own: the first {@code maxNames}
 * seen, for the whole run. Fixed once admitted, so a name never moves between its own series
 * and the overflow one: both stay monotonic counters.
 */
final class ExportedNames {

    private final int maxNames;
    private String runId;
    private final Set<String> admitted = new LinkedHashSet<>();

    ExportedNames(int maxNames) {
        this.maxNames = maxNames;
    }

    /**
     * The names of {@code names} that are exported on their own; a new run id starts afresh.
     *
     * @param names this scrape's names, in a stable order (the snapshot's: by name), which decides
     *              who is admitted when more than the cap appear at once
     */
    synchronized Set<String> admit(String runId, Collection<String> names) {
        if (!runId.equals(this.runId)) {
            this.runId = runId;
            admitted.clear();
        }
        for (String name : names) {
            if (admitted.size() >= maxNames) {
                break;
            }
            admitted.add(name);
        }
        return Set.copyOf(admitted);
    }
}
