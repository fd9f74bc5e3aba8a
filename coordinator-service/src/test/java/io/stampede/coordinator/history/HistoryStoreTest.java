package io.stampede.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

    @TempDir
    Path dir;

    HistoryStore store() {
        return new HistoryStore(dir.resolve("history"), SampleRuns.MAPPER);
    }

    @Test
    void keepsEveryFileOfARunAndListsNewestFirst() throws Exception {
        HistoryStore store = store();
        store.save(SampleRuns.run("older", 1_000_000, 30, Map.of("/todo", new long[]{100, 5, 40})));
        store.save(SampleRuns.run("newer", 2_000_000, 10, Map.of("/todo", new long[]{50, 0, 20})));

        assertThat(store.list()).extracting(RunSummary::id).containsExactly("newer", "older");
        RunSummary older = store.find("older").orElseThrow();
        assertThat(older.totals().requests()).isEqualTo(100);
        assertThat(older.totals().failures()).isEqualTo(5);
        assertThat(older.totals().rps()).isEqualTo(100 / 30.0);
        assertThat(older.totals().failRatio()).isEqualTo(0.05);
        assertThat(older.totals().p95()).isEqualTo(100);
        assertThat(older.parameters().users()).isEqualTo(10);

        assertThat(store.series("older")).hasSize(2).first().extracting(SeriesPoint::rps).isEqualTo(5.0);
        assertThat(store.statsDocument("older").orElseThrow().path("stats").size()).isEqualTo(2);
        assertThat(Files.readString(store.artifact("older", RunArtifact.REPORT_HTML).orElseThrow())).contains("report older");
        assertThat(Files.readString(store.artifact("older", RunArtifact.SCENARIO_YAML).orElseThrow())).contains("todo-crud");
        assertThat(store.artifact("older", RunArtifact.FAILURES_CSV)).isEmpty();
        // Nothing temporary is left beside the runs.
        try (var files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("older", "newer");
        }
    }

    @Test
    void savingTheSameIdAgainReplacesTheRun() {
        HistoryStore store = store();
        store.save(SampleRuns.run("r1", 1_000, 10, Map.of("/a", new long[]{10, 0, 5})));
        store.save(SampleRuns.run("r1", 1_000, 10, Map.of("/b", new long[]{20, 0, 5})));
        assertThat(store.list()).hasSize(1);
        assertThat(store.find("r1").orElseThrow().totals().requests()).isEqualTo(20);
    }

    @Test
    void aReplacementCutShortBetweenItsRenamesIsRestoredAtStartup() throws Exception {
        HistoryStore store = store();
        store.save(SampleRuns.run("r1", 1_000, 10, Map.of("/a", new long[]{10, 0, 5})));
        store.save(SampleRuns.run("r2", 2_000, 10, Map.of("/a", new long[]{30, 0, 5})));
        // A coordinator killed after moving r1 aside and before moving its new tree in; r2's
        // replacement made it but its old tree was not deleted yet.
        Files.move(store.dir().resolve("r1"), store.dir().resolve(HistoryStore.REPLACED_PREFIX + "r1-" + java.util.UUID.randomUUID()));
        Files.createDirectory(store.dir().resolve(HistoryStore.REPLACED_PREFIX + "r2-" + java.util.UUID.randomUUID()));
        assertThat(store.list()).extracting(RunSummary::id).containsExactly("r2");

        store.markInterrupted();

        assertThat(store.list()).extracting(RunSummary::id).containsExactly("r2", "r1");
        assertThat(store.find("r1").orElseThrow().totals().requests()).isEqualTo(10);
        assertThat(store.find("r2").orElseThrow().totals().requests()).isEqualTo(30);
        try (var files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("r1", "r2");
        }
    }

    @Test
    void deleteRemovesTheDirectory() {
        HistoryStore store = store();
        store.save(SampleRuns.run("gone", 1_000, 10, Map.of("/a", new long[]{10, 0, 5})));
        assertThat(store.delete("gone")).isTrue();
        assertThat(store.list()).isEmpty();
        assertThat(store.find("gone")).isEmpty();
        assertThat(Files.exists(store.dir().resolve("gone"))).isFalse();
        assertThat(store.delete("gone")).isFalse();
    }

    @Test
    void refusesIdsThatCouldLeaveTheDirectory() {
        HistoryStore store = store();
        for (String bad : new String[]{"..", "../etc", "a/b", "a\\b", ".hidden", "", "x".repeat(101), "a.b"}) {
            assertThatThrownBy(() -> store.find(bad)).as(bad).isInstanceOf(RunIds.InvalidRunIdException.class);
            assertThatThrownBy(() -> store.delete(bad)).as(bad).isInstanceOf(RunIds.InvalidRunIdException.class);
        }
    }

    @Test
    void skipsDirectoriesThatAreNotRuns() throws Exception {
        HistoryStore store = store();
        store.save(SampleRuns.run("good", 1_000, 10, Map.of("/a", new long[]{10, 0, 5})));
        Files.createDirectories(store.dir().resolve("broken"));
        Files.writeString(store.dir().resolve("broken").resolve("run.json"), "{not json");
        Files.createDirectories(store.dir().resolve(".tmp-half-written"));
        Files.createDirectories(store.dir().resolve("empty"));
        assertThat(store.list()).extracting(RunSummary::id).containsExactly("good");
    }

    @Test
    void anEmptyOrMissingDirectoryHasNoRuns() {
        assertThat(store().list()).isEmpty();
    }

    @Test
    void savingTrimsTheHistoryToItsCountAndAge() {
        long now = System.currentTimeMillis();
        HistoryStore store = new HistoryStore(dir.resolve("history"), SampleRuns.MAPPER,
                new HistoryStore.Retention(3, java.time.Duration.ofDays(30)));
        store.save(SampleRuns.run("ancient", now - java.time.Duration.ofDays(31).toMillis(), 10, Map.of()));
        store.save(SampleRuns.run("r1", now - 4_000, 1, Map.of()));
        assertThat(store.list()).extracting(RunSummary::id).containsExactly("r1"); // too old: gone on the next save
        store.save(SampleRuns.run("r2", now - 3_000, 1, Map.of()));
        store.save(SampleRuns.run("r3", now - 2_000, 1, Map.of()));
        store.save(SampleRuns.run("r4", now - 1_000, 1, Map.of()));
        assertThat(store.list()).extracting(RunSummary::id).containsExactly("r4", "r3", "r2");
        assertThat(store.dir().resolve("r1")).doesNotExist();
        // The run just saved stays even when it is the oldest (a clock set back, an imported run).
        store.save(SampleRuns.run("late", now - java.time.Duration.ofDays(40).toMillis(), 1, Map.of()));
        assertThat(store.list()).extracting(RunSummary::id).contains("late").hasSize(4);
    }
}
