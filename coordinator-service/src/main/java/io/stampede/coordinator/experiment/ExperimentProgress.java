package io.stampede.coordinator.experiment;

/**
 * Where a suite is, for a console or a page following it.
 *
 * @param suite    the suite's name
 * @param run      1-based number of the recorded run under way (or last done); 0 before the first
 * @param runs     recorded runs the suite makes
 * @param testName the test under way; null before the first and after the last
 * @param phase    what the runner does now
 */
public record ExperimentProgress(String suite, int run, int runs, String testName, Phase phase) {

    public enum Phase { STARTING, WARMING_UP, RUNNING, CAPTURING, COOLING_DOWN, FINISHED, STOPPED }
}
