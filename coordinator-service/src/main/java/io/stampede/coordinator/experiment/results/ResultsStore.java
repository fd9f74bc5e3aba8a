package io.stampede.coordinator.experiment.results;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a suite's results go and are read back from: a local directory or an S3 prefix.
 * Paths are relative and '/'-separated, laid out as in the contract's "Experiments":
 * {@code <test_name>/<YYYYMMDDHHMMSS>/metadata.json}, {@code .../stats.json},
 * {@code .../metrics/<metric_name>.json}, ...
 */
public interface ResultsStore {

    /** Stores {@code content} at {@code path}, replacing what was there. */
    void put(String path, byte[] content) throws IOException;

    /** The content at {@code path}, empty when nothing is stored there. */
    Optional<byte[]> get(String path) throws IOException;

    /** Every stored path that starts with {@code prefix} ("" for all), sorted. */
    List<String> list(String prefix) throws IOException;

    /** Where the store is, for logs and errors: a directory or {@code s3://bucket/prefix}. */
    String location();
}
