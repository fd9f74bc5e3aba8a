package io.stampede.coordinator.e2e;

import static io.stampede.coordinator.support.CoordinatorJar.await;
import static io.stampede.coordinator.support.CoordinatorJar.awaitHealthy;
import io.stampede.testing.ListenPorts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.stampede.coordinator.support.CoordinatorJar;
import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.StoredRuns;
import io.stampede.coordinator.support.TargetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18, item 5, with the packaged jar in its own JVM: SIGTERM during a run (a pod being
 * replaced) keeps the run in the history and, headless, exits with the run's own code;
 * kill -9 leaves the last checkpoint, listed as interrupted by the next coordinator.
 */
class ShutdownKeepsRunIT {

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeAll
    static void findJar() {
        CoordinatorJar.path();
    }

    @Test
    void sigtermDuringAHeadlessRunWritesHistoryAndReportsAndExitsWithTheRunsCode() throws Exception {
        try (TargetServer target = new TargetServer(n -> 0)) {
            Path history = dir.resolve("history");
            Process process = start(List.of("--headless", "-H", target.url(), "-u", "4", "-r", "4",
                    "--local-workers", "1", "--json", "out.json",
                    "--stampede.coordinator.history-dir=" + history), 0);
            await(() -> target.requests() > 50, "requests reach the target");
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
            String log = Files.readString(dir.resolve("coordinator.log"));
            assertThat(process.exitValue()).as(log).isZero();
            assertThat(log).contains("stopped and kept in the history before shutdown");
            JsonNode doc = Http.json(Files.readString(dir.resolve("out.json")));
            JsonNode aggregated = doc.get("stats").get(doc.get("stats").size() - 1);
            assertThat(aggregated.get("num_requests").asLong()).as("every request the target saw")
                    .isEqualTo(target.requests());
            JsonNode run = onlyRun(history);
            assertThat(run.get("status").asString()).isEqualTo("completed");
            assertThat(run.get("totals").get("requests").asLong()).isEqualTo(target.requests());
        }
    }

    @Test
    void sigtermDuringAUiRunKeepsItInTheHistory() throws Exception {
        try (TargetServer target = new TargetServer(n -> 0)) {
            Path history = dir.resolve("history");
            int webPort = ListenPorts.free();
            Process process = start(List.of("--local-workers", "1", "--stampede.coordinator.history-dir=" + history),
                    webPort);
            String url = "http://127.0.0.1:" + webPort;
            awaitHealthy(url, process);
            assertThat(Http.postForm(url + "/swarm", "user_count=4&spawn_rate=4&host=" + target.url()).statusCode())
                    .isEqualTo(200);
            await(() -> target.requests() > 50, "requests reach the target");
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("coordinator.log"));
            assertThat(log).contains("stopped and kept in the history before shutdown");
            JsonNode run = onlyRun(history);
            assertThat(run.get("status").asString()).as(log).isEqualTo("completed");
            assertThat(run.get("totals").get("requests").asLong()).isEqualTo(target.requests());
        }
    }

    @Test
    void killedCoordinatorLeavesItsLastCheckpointListedAsInterrupted() throws Exception {
        try (TargetServer target = new TargetServer(n -> 0)) {
            Path history = dir.resolve("history");
            List<String> args = List.of("--local-workers", "1", "--stampede.coordinator.history-dir=" + history,
                    "--stampede.coordinator.history-checkpoint-interval=1s");
            int webPort = ListenPorts.free();
            Process process = start(args, webPort);
            String url = "http://127.0.0.1:" + webPort;
            awaitHealthy(url, process);
            assertThat(Http.postForm(url + "/swarm", "user_count=4&spawn_rate=4&host=" + target.url()).statusCode())
                    .isEqualTo(200);
            await(() -> checkpointedRequests(history) > 20, "a checkpoint with requests in the history");
            process.destroyForcibly().waitFor(); // kill -9: no shutdown hook, no last write
            long checkpointed = checkpointedRequests(history);

            int secondPort = ListenPorts.free();
            Process second = start(args, secondPort);
            try {
                awaitHealthy("http://127.0.0.1:" + secondPort, second);
                JsonNode runs = Http.json(Http.get("http://127.0.0.1:" + secondPort + "/api/runs"));
                assertThat(runs.size()).isEqualTo(1);
                JsonNode run = runs.get(0);
                assertThat(run.get("status").asString()).isEqualTo("interrupted");
                assertThat(run.get("totals").get("requests").asLong()).isGreaterThanOrEqualTo(checkpointed)
                        .isLessThanOrEqualTo(target.requests());
                assertThat(Files.readString(dir.resolve("coordinator.log"))).contains("kept in the history as interrupted");
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private Process start(List<String> args, int webPort) throws IOException {
        Process process = CoordinatorJar.start(dir, args, webPort);
        started.add(process);
        return process;
    }

    private static JsonNode onlyRun(Path history) throws IOException {
        List<Path> dirs = StoredRuns.dirs(history);
        assertThat(dirs).hasSize(1);
        return Http.json(Files.readString(dirs.getFirst().resolve("run.json")));
    }

    /** Requests of the checkpoint (status running) in the history, 0 while there is none. */
    private static long checkpointedRequests(Path history) {
        try {
            for (Path run : StoredRuns.dirs(history)) {
                Path summaryFile = run.resolve("run.json");
                if (!Files.isRegularFile(summaryFile)) {
                    continue;
                }
                JsonNode summary = Http.json(Files.readString(summaryFile));
                if (summary.path("status").asString("").equals("running")) {
                    return summary.get("totals").get("requests").asLong();
                }
            }
            return 0;
        } catch (IOException e) {
            return 0; // a checkpoint being renamed into place
        }
    }
}
