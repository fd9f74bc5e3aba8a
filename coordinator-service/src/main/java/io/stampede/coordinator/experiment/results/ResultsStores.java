package io.stampede.coordinator.experiment.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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

    /**
     * Checks, before any run, that {@code store} can take results (for S3: the bucket, the
     * credentials, list and put permissions; for a directory: that it is writable).
     *
     * @throws IOException naming the location and what is wrong
     */
    public static void preflight(ResultsStore store) throws IOException {
        if (store instanceof ResultsPreflight check) {
            check.preflight();
        }
    }

    /**
     * What went to the fallback directory instead of the remote store, for the CLI's summary;
     * empty for a directory store or when nothing failed.
     */
    public static List<FallbackResultsStore.Failure> failures(ResultsStore store) {
        return store instanceof FallbackResultsStore fallback ? fallback.failures() : List.of();
    }

    /** How many operations the remote store failed so far (more than {@link #failures} keeps); 0 for a directory store. */
    public static long failureCount(ResultsStore store) {
        return store instanceof FallbackResultsStore fallback ? fallback.failureCount() : 0;
    }

    /** Where what the remote store refuses is kept; null for a directory store. */
    public static String fallbackLocation(ResultsStore store) {
        return store instanceof FallbackResultsStore fallback ? fallback.fallbackLocation() : null;
    }

    static Path fallbackDirFromEnvironment() {
        String dir = System.getProperty("stampede.results.fallback-dir", System.getenv("STAMPEDE_RESULTS_FALLBACK"));
        return Path.of(dir == null || dir.isBlank() ? DEFAULT_FALLBACK_DIR : dir);
    }
}
