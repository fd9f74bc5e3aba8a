package io.stampede.coordinator.experiment.search;

/**
 * Thrown by a {@link RateProbe} asked for a step after the search was stopped (Ctrl-C, the UI's
 * stop): {@link CapacitySearch} ends with {@link SearchResult.Outcome#STOPPED} and the steps
 * measured so far, rather than with an error.
 */
public final class SearchStoppedException extends Exception {

    public SearchStoppedException(String message) {
        super(message);
    }
}
