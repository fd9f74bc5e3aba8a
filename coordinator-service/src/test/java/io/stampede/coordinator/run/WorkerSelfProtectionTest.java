package io.stampede.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.stampede.coordinator.link.LinkServer;
import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TargetServer;
import io.stampede.coordinator.support.TestApps;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.coordinator.support.WorkerProcess;
import io.stampede.core.link.ShareLimited;
import io.stampede.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18, item 2, worker side, with a real coordinator and a real worker process whose
 * file-descriptor limit is lowered ({@code prlimit}, as {@code ulimit -n} would): asked for
 * 100,000 users, the worker runs what its descriptors hold, refuses the rest, stays up and keeps
 * reporting; the coordinator shows the refusal (generator warning, {@code limited_shares}, the
 * HTML report).
 */
class WorkerSelfProtectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Low enough that 100,000 users would run it out of descriptors many times over. */
    private static final int MAX_FDS = 320;

    @TempDir
    Path dir;

    @Test
    void workerRefusesUsersBeyondItsFileDescriptorsAndStaysUp() throws Exception {
        // Slow answers keep the held users' request rate modest on a shared machine.
        try (TargetServer target = new TargetServer(n -> 200)) {
            ConfigurableApplicationContext context = TestApps.start(TestApps.options(0, target.url()));
            String base = "http://127.0.0.1:" + TestApps.webPort(context);
            RunCoordinator run = context.getBean(RunCoordinator.class);
            Path log = dir.resolve("worker.log");
            try (WorkerProcess worker = WorkerProcess.startWithFdLimit(MAX_FDS, "capped",
                    context.getBean(LinkServer.class).port(), TestCoordinator.TOKEN, log)) {
                Await.until("the worker", WAIT, () -> run.registry().size() == 1);
                assertThat(Http.postForm(base + "/swarm", "user_count=100000&spawn_rate=10000").statusCode())
                        .isEqualTo(200);

                Await.until("the refusal", WAIT, () -> !run.limitedShares().isEmpty());
                ShareLimited limited = run.limitedShares().getFirst();
                assertThat(limited.workerId()).isEqualTo("capped");
                assertThat(limited.unit()).isEqualTo(ShareLimited.USERS);
                assertThat(limited.asked()).isEqualTo(100_000);
                assertThat(limited.accepted()).isPositive().isLessThan(MAX_FDS);
                assertThat(limited.reason()).contains("file descriptors: soft limit " + MAX_FDS);

                // It runs what it holds and keeps answering: heartbeats with its users, reports every second.
                Await.until("the held users running", WAIT, () -> workerUsers(base) == limited.accepted());
                long before = run.mergedRequests("capped");
                Await.until("more reports", WAIT, () -> run.mergedRequests("capped") > before + 2 * limited.accepted());
                assertThat(worker.isAlive()).isTrue();
                assertThat(run.registry().size()).isEqualTo(1);

                JsonNode live = Http.json(Http.get(base + "/stats/requests").body());
                assertThat(live.get("generator_warnings").toString())
                        .contains("worker capped refused " + limited.refused() + " of the 100000 users");
                JsonNode shown = live.get("limited_shares").get(0);
                assertThat(shown.get("worker_id").asString()).isEqualTo("capped");
                assertThat(shown.get("asked").asLong()).isEqualTo(100_000);
                assertThat(shown.get("accepted").asLong()).isEqualTo(limited.accepted());
                assertThat(live.get("errors").size()).as("no request failed for want of descriptors").isZero();

                // The worker still obeys: it stops and sends its last report; the report keeps the refusal.
                assertThat(Http.curl(base + "/stop").status()).isEqualTo(200);
                Await.until("stopped", WAIT, () -> run.state() == RunState.STOPPED);
                assertThat(run.registry().size()).isEqualTo(1);
                assertThat(worker.isAlive()).isTrue();
                assertThat(Http.get(base + "/stats/report").body()).contains("worker capped refused");
                List<String> workerLog = Files.readAllLines(log);
                assertThat(workerLog).anyMatch(line -> line.contains("this worker can hold " + limited.accepted()));
                assertThat(workerLog).noneMatch(line -> line.contains("Too many open files"));
            } finally {
                context.close();
            }
        }
    }

    private static long workerUsers(String base) {
        try {
            JsonNode workers = Http.json(Http.get(base + "/stats/requests").body()).get("workers");
            return workers.isEmpty() ? -1 : workers.get(0).get("user_count").asLong();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
