package io.stampede.coordinator.experiment.results;

import java.nio.file.Path;

/** Opens the store a results location names: a directory, or {@code s3://bucket/prefix}. */
public final class ResultsStores {

    private ResultsStores() {
    }

    public static ResultsStore open(String location) {
        if (location.startsWith("s3://")) {
            throw new IllegalArgumentException("s3:// results need the S3 store");
        }
        return new LocalResultsStore(Path.of(location));
    }
}
