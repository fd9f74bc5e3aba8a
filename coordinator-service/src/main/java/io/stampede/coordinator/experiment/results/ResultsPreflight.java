package io.stampede.coordinator.experiment.results;

import java.io.IOException;

/**
 * A store that can tell, before the first run, whether it will work at all (bucket exists,
 * credentials sign, writes are allowed; a directory is writable), so a suite is not run for
 * hours into results that only then turn out to go nowhere. Kept apart from {@link ResultsStore}
 * so that interface stays put/get/list/location; {@link ResultsStores#preflight} calls it.
 */
public interface ResultsPreflight {

    /** Throws, with a message a user can act on, when the store cannot take results. */
    void preflight() throws IOException;
}
