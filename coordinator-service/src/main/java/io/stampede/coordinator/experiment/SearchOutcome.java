package io.stampede.coordinator.experiment;

import java.util.List;

import io.stampede.coordinator.experiment.search.SearchResult;

/**
 * One capacity search of a suite, as written to the results.
 *
 * @param testName   the search entry's name
 * @param directory  where its {@code search.json}, {@code search.svg} and {@code metadata.json} are:
 *                   {@code <test_name>/<YYYYMMDDHHMMSS>} of its start
 * @param result     what it found, every step included
 * @param minRate    the rate it had to show sustainable; null when none was required
 * @param exitCode   1 when min_rate was not met or a step could not run, else 0
 * @param error      why a step could not run; null when every step ran
 * @param steps      its judged steps, each recorded like a run, in order
 */
public record SearchOutcome(String testName, String directory, SearchResult result, Double minRate, int exitCode,
                            String error, List<RecordedRun> steps) {

    public SearchOutcome {
        steps = List.copyOf(steps);
    }
}
