package io.stampede.core.stats;

/**
 * Occurrences of one (method, name, error), Locust's failure row.
 *
 * @param firstSeenEpochMillis end of the first reporting interval that contained it (1 s resolution)
 * @param lastSeenEpochMillis  end of the latest reporting interval that contained it
 */
public record ErrorStats(String method, String name, String error, long occurrences,
                         long firstSeenEpochMillis, long lastSeenEpochMillis) {
}
