package io.stampede.coordinator.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finished runs on disk: one directory per run under the history directory, named by the run
 * id, holding {@code run.json} (the {@link RunSummary}) and the {@link RunArtifact} files.
 * A run is written into a hidden temporary directory and moved into place in one rename (a
 * replaced run is moved aside first and restored at startup if the coordinator died between), so
 * a crash never leaves a half-written run in the list; a deletion renames the directory away
 * first for the same reason. The file system is the index: nothing is cached, so several
 * coordinators (or an operator with {@code rm}) can share the directory. Every save trims the
 * history to its {@link Retention}, so a volume never fills up with old runs.
 */
public class HistoryStore {

    static final String SUMMARY_FILE = "run.json";
    /** Where a stored run waits while its replacement moves in; {@code <prefix><id>-<uuid>}. */
    static final String REPLACED_PREFIX = ".replaced-";
    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);

    private final Path dir;
    private final JsonMapper mapper;
    private final Retention retention;

    /** A store that keeps every run. */
    public HistoryStore(Path dir, JsonMapper mapper) {
        this(dir, mapper, Retention.KEEP_ALL);
    }

    public HistoryStore(Path dir, JsonMapper mapper, Retention retention) {
        this.dir = dir.toAbsolutePath().normalize();
        this.mapper = mapper;
        this.retention = retention;
    }

    /**
     * Which runs a save keeps: at most {@code maxRuns} (the newest), none started longer than
     * {@code maxAge} ago; 0 (or a zero age) is no cap of that kind.
     */
    public record Retention(int maxRuns, Duration maxAge) {

        public static final Retention KEEP_ALL = new Retention(0, Duration.ZERO);

        public Retention {
            if (maxRuns < 0 || maxAge.isNegative()) {
                throw new IllegalArgumentException("history retention: counts and ages must be >= 0, got "
                        + maxRuns + " runs, " + maxAge);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** Stores the run, replacing an earlier one of the same id. */
    public void save(FinishedRun run) {
        String id = RunIds.requireValid(run.summary().id());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(".tmp-" + id + "-" + UUID.randomUUID());
            Files.createDirectory(tmp);
            writeString(tmp.resolve(SUMMARY_FILE), mapper.writeValueAsString(run.summary()));
            if (run.statsDocument() != null) {
                writeString(tmp.resolve(RunArtifact.STATS_JSON.fileName()), mapper.writeValueAsString(run.statsDocument()));
            }
            writeString(tmp.resolve(RunArtifact.SERIES_JSON.fileName()), mapper.writeValueAsString(run.series()));
            if (run.scenarioYaml() != null) {
                writeString(tmp.resolve(RunArtifact.SCENARIO_YAML.fileName()), run.scenarioYaml());
            }
            for (Map.Entry<RunArtifact, String> artifact : run.artifacts().entrySet()) {
                writeString(tmp.resolve(artifact.getKey().fileName()), artifact.getValue());
            }
            Path target = dir.resolve(id);
            if (Files.exists(target)) {
                // Two renames, the old tree deleted only once the new one is in place: a coordinator
                // killed in between leaves the old tree under REPLACED_PREFIX, restored at startup.
                Path replaced = dir.resolve(REPLACED_PREFIX + id + "-" + UUID.randomUUID());
                move(target, replaced);
                move(tmp, target);
                deleteTree(replaced);
            } else {
                move(tmp, target);
            }
            if (RunSummary.RUNNING.equals(run.summary().status())) {
                log.debug("Run {} checkpointed in {}", id, target);
                return; // trimmed when the run is stored for good
            }
            log.info("Run {} stored in {}", id, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store run " + id + " under " + dir, e);
        }
        trim(id);
    }

    /**
     * Marks the checkpoints of runs that were still going on when their coordinator died
     * (status running) as interrupted: called once at startup, before this coordinator runs
     * anything. Each run.json is replaced in one rename.
     *
     * @return the ids marked
     */
    public List<String> markInterrupted() {
        restoreReplaced();
        List<String> marked = new ArrayList<>();
        for (RunSummary run : list()) {
            if (!RunSummary.RUNNING.equals(run.status())) {
                continue;
            }
            Path runDir = dir.resolve(run.id());
            try {
                Path tmp = runDir.resolve(".tmp-" + SUMMARY_FILE + "-" + UUID.randomUUID());
                writeString(tmp, mapper.writeValueAsString(run.withStatus(RunSummary.INTERRUPTED)));
                move(tmp, runDir.resolve(SUMMARY_FILE));
                marked.add(run.id());
            } catch (IOException e) {
                log.warn("Cannot mark run {} as interrupted: {}", run.id(), e.getMessage());
            }
        }
        return marked;
    }

    /**
     * A run whose replacement was cut short between its two renames is back under its id; an old
     * tree whose replacement made it is deleted.
     */
    private void restoreReplaced() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, REPLACED_PREFIX + "*")) {
            for (Path replaced : children) {
                String rest = replaced.getFileName().toString().substring(REPLACED_PREFIX.length());
                String id = rest.length() > 37 ? rest.substring(0, rest.length() - 37) : "";
                Path target = dir.resolve(id);
                if (RunIds.isValid(id) && !Files.exists(target)) {
                    move(replaced, target);
                    log.info("Run {} restored from an interrupted replacement", id);
                } else {
                    deleteTree(replaced);
                }
            }
        } catch (IOException e) {
            log.warn("Cannot restore interrupted replacements in {}: {}", dir, e.toString());
        }
    }

    /** Deletes the runs beyond the retention (never the one just saved); a failure is logged, the save stands. */
    private void trim(String saved) {
        long now = System.currentTimeMillis();
        List<RunSummary> runs = list();
        for (int i = 0; i < runs.size(); i++) {
            RunSummary run = runs.get(i);
            boolean tooMany = retention.maxRuns() > 0 && i >= retention.maxRuns();
            boolean tooOld = !retention.maxAge().isZero()
                    && now - run.startedAt() > retention.maxAge().toMillis();
            if ((tooMany || tooOld) && !run.id().equals(saved)) {
                try {
                    delete(run.id());
                    log.info("Run {} removed from history (history-max-runs {}, history-max-age {})", run.id(),
                            retention.maxRuns(), retention.maxAge());
                } catch (UncheckedIOException e) {
                    log.warn("Cannot remove old run {} from history: {}", run.id(), e.getMessage());
                }
            }
        }
    }

    /** Every stored run, newest first. A directory without a readable run.json is skipped. */
    public List<RunSummary> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<RunSummary> runs = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (RunIds.isValid(name) && Files.isDirectory(child)) {
                    readSummary(child).ifPresent(runs::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        runs.sort(Comparator.comparingLong(RunSummary::startedAt).reversed().thenComparing(RunSummary::id));
        return runs;
    }

    public Optional<RunSummary> find(String id) {
        Path runDir = dir.resolve(RunIds.requireValid(id));
        return Files.isDirectory(runDir) ? readSummary(runDir) : Optional.empty();
    }

    /** The file of an artifact of a run, when both exist. */
    public Optional<Path> artifact(String id, RunArtifact artifact) {
        Path file = dir.resolve(RunIds.requireValid(id)).resolve(artifact.fileName());
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public Optional<JsonNode> statsDocument(String id) {
        return artifact(id, RunArtifact.STATS_JSON).map(file -> mapper.readTree(file.toFile()));
    }

    public List<SeriesPoint> series(String id) {
        return artifact(id, RunArtifact.SERIES_JSON)
                .map(file -> mapper.readValue(file.toFile(), new TypeReference<List<SeriesPoint>>() { }))
                .orElse(List.of());
    }

    /** @return false when there was no such run */
    public boolean delete(String id) {
        Path runDir = dir.resolve(RunIds.requireValid(id));
        if (!Files.isDirectory(runDir)) {
            return false;
        }
        try {
            removeTree(runDir);
            log.info("Run {} deleted from {}", id, dir);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete run " + id, e);
        }
    }

    private Optional<RunSummary> readSummary(Path runDir) {
        Path file = runDir.resolve(SUMMARY_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(file.toFile(), RunSummary.class));
        } catch (JacksonException e) {
            log.warn("Skipping {}: unreadable {} ({})", runDir, SUMMARY_FILE, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static void writeString(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Renames the tree away (one atomic step out of the list), then deletes it. */
    private void removeTree(Path tree) throws IOException {
        Path doomed = dir.resolve(".deleted-" + UUID.randomUUID());
        move(tree, doomed);
        deleteTree(doomed);
    }

    private static void deleteTree(Path doomed) throws IOException {
        try (Stream<Path> paths = Files.walk(doomed)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
