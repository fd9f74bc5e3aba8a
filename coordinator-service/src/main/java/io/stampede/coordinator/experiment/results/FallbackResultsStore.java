package io.stampede.coordinator.experiment.results;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote store (S3) backed by a local directory: what the remote store refuses is written to
 * the directory instead, so no result is lost; each refusal is logged (WARN) and kept in
 * {@link #failures()} for callers to report. Reads see both: the remote store's files and the
 * ones that stayed local (these win, being newer than any failed upload of the same path).
 */
public final class FallbackResultsStore implements ResultsStore, ResultsPreflight, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FallbackResultsStore.class);

    private final ResultsStore primary;
    private final ResultsStore fallback;
    /** The newest failures: a coordinator's store lives as long as the coordinator, S3 may stay down for days. */
    static final int KEPT_FAILURES = 1000;

    private final java.util.ArrayDeque<Failure> failures = new java.util.ArrayDeque<>();
    private long failureCount;

    public FallbackResultsStore(ResultsStore primary, ResultsStore fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    /** One operation the remote store failed. */
    public record Failure(Instant at, String operation, String path, String error) {
        @Override
        public String toString() {
            return operation + " " + path + ": " + error;
        }
    }

    @Override
    public void put(String path, byte[] content) throws IOException {
        try {
            primary.put(path, content);
            return;
        } catch (IOException | RuntimeException e) {
            failed("put", path, e, "kept in " + fallback.location());
        }
        fallback.put(path, content);
    }

    @Override
    public Optional<byte[]> get(String path) throws IOException {
        Optional<byte[]> local = fallback.get(path);
        if (local.isPresent()) {
            return local;
        }
        try {
            return primary.get(path);
        } catch (IOException | RuntimeException e) {
            failed("get", path, e, "not in " + fallback.location() + " either");
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        TreeSet<String> paths = new TreeSet<>(fallback.list(prefix));
        try {
            paths.addAll(primary.list(prefix));
        } catch (IOException | RuntimeException e) {
            failed("list", prefix, e, "listing " + fallback.location() + " only");
        }
        return List.copyOf(paths);
    }

    /** Both must work: the remote store, and the directory that would keep what the remote store refuses. */
    @Override
    public void preflight() throws IOException {
        ResultsStores.preflight(primary);
        try {
            ResultsStores.preflight(fallback);
        } catch (IOException e) {
            throw new IOException("fallback directory for " + primary.location() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return primary.location();
    }

    /** Where results stay when the remote store fails. */
    public String fallbackLocation() {
        return fallback.location();
    }

    /** The last {@value #KEPT_FAILURES} failures of the remote store at most, oldest first. */
    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** How many operations of the remote store failed so far (every one, not only those kept). */
    public synchronized long failureCount() {
        return failureCount;
    }

    @Override
    public void close() throws Exception {
        if (primary instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private void failed(String operation, String path, Exception e, String consequence) {
        Failure failure = new Failure(Instant.now(), operation, path, String.valueOf(e.getMessage()));
        synchronized (this) {
            if (failures.size() == KEPT_FAILURES) {
                failures.removeFirst();
            }
            failures.addLast(failure);
            failureCount++;
        }
        log.warn("Results store {} failed to {} {} ({}): {}", primary.location(), operation, path, consequence, failure.error());
    }
}
