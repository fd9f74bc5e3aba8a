package io.stampede.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.support.Deltas;
import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StopLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.stampede.testing.Await;

/** Every run that stops lands in the history with its final stats in every form. */
class RunHistoryRecorderTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void keepsEachStoppedRun() throws Exception {
        HistoryStore store = new HistoryStore(dir, SampleRuns.MAPPER);
        try (TestCoordinator coordinator = new TestCoordinator(Duration.ofSeconds(2));
             RunHistoryRecorder recorder = new RunHistoryRecorder(coordinator.run.events(), store,
                     SampleRuns.MAPPER)) {
            LinkTestWorker worker = coordinator.worker("w1");
            Await.until("registered", WAIT, () -> coordinator.registry.size() == 1);

            for (int i = 1; i <= 2; i++) {
                String runId = coordinator.run.swarm(new SwarmCommand(4, 2, null, null)).id();
                worker.await(StartLoad.class, WAIT);
                // Sequences start at 1 in every run, as real workers number them (per worker and run).
                worker.report(runId, 1, Deltas.get(100L * i, i, 1_500), false);
                // The run lasts a few samples of the coordinator's per-second history.
                Await.until("sampled", WAIT, () -> coordinator.run.history().size() >= 2);
                coordinator.run.stop();
                worker.await(StopLoad.class, WAIT);
                worker.report(runId, 2, Deltas.get(10, 0, 1_500), true);
                Await.until("run " + runId + " stored", WAIT, () -> store.find(runId).isPresent());

                RunSummary summary = store.find(runId).orElseThrow();
                assertThat(summary.totals().requests()).isEqualTo(100L * i + 10);
                assertThat(summary.totals().failures()).isEqualTo(i);
                assertThat(summary.totals().p50()).isBetween(1.4, 1.6);
                assertThat(summary.parameters().users()).isEqualTo(4);
                assertThat(summary.parameters().host()).isEqualTo("http://127.0.0.1:9");
                assertThat(summary.scenario()).isEqualTo("default");
                assertThat(summary.endedAt()).isGreaterThanOrEqualTo(summary.startedAt());
                for (RunArtifact artifact : new RunArtifact[]{RunArtifact.STATS_JSON, RunArtifact.STATS_CSV,
                        RunArtifact.FAILURES_CSV, RunArtifact.HISTORY_CSV, RunArtifact.REPORT_HTML, RunArtifact.SERIES_JSON}) {
                    assertThat(store.artifact(runId, artifact)).as(artifact.fileName()).isPresent();
                }
                assertThat(Files.readString(store.artifact(runId, RunArtifact.STATS_CSV).orElseThrow())).contains("Aggregated");
                assertThat(store.statsDocument(runId).orElseThrow().path("state").asString()).isEqualTo("stopped");
                assertThat(store.series(runId)).as("series of run %d", i).isNotEmpty()
                        .anySatisfy(p -> assertThat(p.p50()).isBetween(1.4, 1.6));
            }
            assertThat(store.list()).hasSize(2);
        }
    }
}
