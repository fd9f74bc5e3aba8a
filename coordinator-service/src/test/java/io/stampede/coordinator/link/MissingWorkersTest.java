package io.stampede.coordinator.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.run.RunReports;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.coordinator.ui.LiveFeed;
import io.stampede.coordinator.ui.LiveMessage;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.WorkerHello;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import io.stampede.testing.Await;

/**
 * Locust's missing workers over the real link: a worker dropped without a bye stays listed in
 * {@code workers[]} of {@code /stats/requests} as {@code missing}, out of {@code worker_count};
 * a worker that said bye is gone; one reconnecting under its id is an ordinary worker again.
 */
class MissingWorkersTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    TestCoordinator coordinator;
    RunReports reports;

    @BeforeEach
    void start() {
        coordinator = new TestCoordinator(Duration.ofSeconds(1));
        reports = new RunReports(coordinator.run);
    }

    @AfterEach
    void stop() {
        coordinator.close();
    }

    @Test
    void killedWorkerIsListedMissingWithoutUsersAndNotCounted() throws Exception {
        LinkTestWorker a = joined("a");
        LinkTestWorker b = joined("b");
        coordinator.run.swarm(new SwarmCommand(4, 4, null, null));
        a.await(StartLoad.class, WAIT);
        b.await(StartLoad.class, WAIT);
        a.setUserCount(2);
        b.setUserCount(2);
        Await.until("users reported", WAIT, () -> coordinator.run.userCount() == 4);

        a.kill();
        // Its users still move to the others, as before.
        assertThat(b.await(StartLoad.class, WAIT).users()).isEqualTo(4);
        Await.until("a missing", WAIT, () -> state(document(), "a").equals("missing"));

        Map<String, Object> document = document();
        assertThat(document.get("worker_count")).isEqualTo(1);
        Map<String, Object> missing = row(document, "a");
        assertThat(missing).containsEntry("user_count", 0)
                .containsEntry("cpu_usage", 1.5) // its last heartbeat's
                .containsEntry("memory_usage", 1000L);
        assertThat(state(document, "b")).isEqualTo("running");
        assertThat(workers(document)).hasSize(2);

        // The UI's live stream lists it too, with its host and how long ago it was last heard of.
        LiveMessage live = new LiveFeed(coordinator.run).stream().blockFirst(WAIT);
        assertThat(live.workers()).extracting(LiveMessage.WorkerRow::id, LiveMessage.WorkerRow::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "running"),
                        org.assertj.core.groups.Tuple.tuple("a", "missing"));
        assertThat(live.workers().get(1).hostname()).isEqualTo("test-host");
        assertThat(live.workers().get(1).userCount()).isZero();
        coordinator.run.stop();
        b.close();
    }

    @Test
    void silentWorkerGoesMissingAfterTheWorkerTimeout() throws Exception {
        LinkTestWorker a = joined("a");
        LinkTestWorker b = joined("b");
        a.silence();
        Await.until("a missing", WAIT, () -> state(document(), "a").equals("missing"));
        assertThat(coordinator.registry.size()).isEqualTo(1);
        assertThat(document().get("worker_count")).isEqualTo(1);
        a.close();
        b.close();
    }

    @Test
    void workerThatSaysByeIsGoneNotMissing() throws Exception {
        LinkTestWorker a = joined("a");
        LinkTestWorker b = joined("b");
        a.bye();
        Await.until("a gone", WAIT, () -> coordinator.registry.size() == 1);
        // The coordinator closes the connection after the bye; its close handling runs as its
        // side of the channel goes inactive, before the close reaches the worker's side.
        Await.until("a's connection closed by the coordinator", WAIT, a::isClosed);
        a.close();
        Map<String, Object> document = document();
        assertThat(workers(document)).extracting(w -> w.get("id")).containsExactly("b");
        assertThat(document.get("worker_count")).isEqualTo(1);
        assertThat(coordinator.registry.missing()).isEmpty();
        b.close();
    }

    @Test
    void workerReconnectingUnderItsIdIsOneOrdinaryRow() throws Exception {
        LinkTestWorker first = joined("a");
        first.kill();
        Await.until("a missing", WAIT, () -> state(document(), "a").equals("missing"));
        assertThat(document().get("worker_count")).isEqualTo(0);

        LinkTestWorker again = joined("a");
        Await.until("a ready again", WAIT, () -> state(document(), "a").equals("ready"));
        Map<String, Object> document = document();
        assertThat(workers(document)).hasSize(1);
        assertThat(document.get("worker_count")).isEqualTo(1);
        assertThat(coordinator.registry.missing()).isEmpty();
        again.close();
    }

    @Test
    void missingWorkersAreForgottenAfterTheRetentionAndCapped() {
        WorkerRegistry registry = new WorkerRegistry();
        long t0 = 1_000_000;
        for (int i = 0; i < WorkerRegistry.MISSING_CAP + 20; i++) {
            WorkerLink link = link("w" + i, t0);
            assertThat(registry.join(link, () -> { })).isNull();
            assertThat(registry.drop(link, t0 + i)).isTrue();
        }
        List<MissingWorker> missing = registry.missing();
        assertThat(missing).hasSize(WorkerRegistry.MISSING_CAP);
        // The most recent ones are kept, oldest first.
        assertThat(missing.getFirst().id()).isEqualTo("w20");
        assertThat(missing.getLast().id()).isEqualTo("w119");

        // A second link under a connected id is refused (never welcomed), and is not marked missing when it closes.
        WorkerLink first = link("x", t0);
        assertThat(registry.join(first, () -> { })).isNull();
        WorkerLink duplicate = link("x", t0);
        assertThat(registry.join(duplicate, () -> {
            throw new AssertionError("a refused duplicate must not be welcomed");
        })).isSameAs(first);
        assertThat(registry.drop(duplicate, t0)).isFalse();
        assertThat(registry.get("x")).isSameAs(first);
        assertThat(registry.missing()).extracting(MissingWorker::id).doesNotContain("x");

        long retention = WorkerRegistry.MISSING_RETENTION.toMillis();
        registry.forgetMissing(t0 + 60 + retention); // w0..w59 went missing more than the retention ago
        assertThat(registry.missing()).extracting(MissingWorker::id).first().isEqualTo("w60");
        registry.forgetMissing(t0 + 200 + retention);
        assertThat(registry.missing()).isEmpty();
        assertThat(registry.size()).isEqualTo(1);
    }

    private static WorkerLink link(String id, long now) {
        return new WorkerLink(new WorkerHello(id, "h", 1, LinkMessage.PROTOCOL_VERSION), now,
                Sinks.many().unicast().onBackpressureBuffer(), null);
    }

    private LinkTestWorker joined(String id) throws InterruptedException {
        return coordinator.joinedWorker(id, WAIT);
    }

    private Map<String, Object> document() {
        return reports.statsDocument();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> workers(Map<String, Object> document) {
        return (List<Map<String, Object>>) document.get("workers");
    }

    private static Map<String, Object> row(Map<String, Object> document, String id) {
        return workers(document).stream().filter(w -> id.equals(w.get("id"))).findFirst().orElse(Map.of());
    }

    private static String state(Map<String, Object> document, String id) {
        return String.valueOf(row(document, id).get("state"));
    }
}
