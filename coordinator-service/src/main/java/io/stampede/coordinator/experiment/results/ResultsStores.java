package io.stampede.coordinator.experiment.results;

import java.nio.file.Path;

/**
 * Opens the store a results location names: a directory, or {@code s3://bucket/prefix}. An S3
 * store comes wrapped in a {@link FallbackResultsStore}: what S3 refuses stays in a local
 * directory ({@code stampede.results.fallback-dir} / {@code STAMPEDE_RESULTS_FALLBACK}, default
 * {@value #DEFAULT_FALLBACK_DIR}). The S3 client's settings: {@link S3Settings#fromEnvironment()}.
 */
public final class ResultsStores {

    public static final String DEFAULT_FALLBACK_DIR = "./results-unsent";

    private ResultsStores() {
    }

    public static ResultsStore open(String location) {
        return open(location, S3Settings.fromEnvironment(), fallbackDirFromEnvironment());
    }

    /** {@code location} with the given S3 client settings and fallback directory (used for s3:// only). */
    public static ResultsStore open(String location, S3Settings s3, Path fallbackDir) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("results location is empty: give a directory or s3://bucket/prefix");
        }
        if (S3Location.isS3(location)) {
            return new FallbackResultsStore(S3ResultsStore.open(S3Location.parse(location), s3),
                    new LocalResultsStore(fallbackDir));
        }
        return new LocalResultsStore(Path.of(location));
    }

    static Path fallbackDirFromEnvironment() {
        String dir = System.getProperty("stampede.results.fallback-dir", System.getenv("STAMPEDE_RESULTS_FALLBACK"));
        return Path.of(dir == null || dir.isBlank() ? DEFAULT_FALLBACK_DIR : dir);
    }
}
