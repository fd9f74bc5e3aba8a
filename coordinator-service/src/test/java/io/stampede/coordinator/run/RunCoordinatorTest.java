package io.stampede.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.stampede.coordinator.support.Deltas;
import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StopLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.stampede.testing.Await;

/** The state machine and distribution over real link sockets, with protocol-level test workers. */
class RunCoordinatorTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    TestCoordinator coordinator;

    final BlockingQueue<RunEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        coordinator = new TestCoordinator(Duration.ofSeconds(1));
        coordinator.run.events().subscribe("test", events::add);
    }

    /** The next event of that type that matches, skipping others (ticks come every second meanwhile). */
    private <T extends RunEvent> T next(Class<T> type, Predicate<T> matching) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            RunEvent event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
            }
            if (type.isInstance(event) && matching.test(type.cast(event))) {
                return type.cast(event);
            }
        }
    }

    @AfterEach
    void stop() {
        coordinator.close();
    }

    /** A worker the run knows of: registered, and its join handled (a run started now includes it exactly once). */
    private LinkTestWorker joined(String id) throws InterruptedException {
        return coordinator.joinedWorker(id, WAIT);
    }

    @Test
    void usersAndRateAreDividedAndRebalancedAsWorkersComeAndGo() throws Exception {
        LinkTestWorker a = joined("a");
        LinkTestWorker b = joined("b");
        assertThat(coordinator.run.state()).isEqualTo(RunState.READY);

        Run run = coordinator.run.swarm(new SwarmCommand(10, 4, null, null));
        assertThat(coordinator.run.state()).isEqualTo(RunState.SPAWNING);
        StartLoad sa = a.await(StartLoad.class, WAIT);
        StartLoad sb = b.await(StartLoad.class, WAIT);
        assertThat(List.of(sa.users(), sb.users())).containsExactly(5, 5);
        assertThat(sa.spawnRate() + sb.spawnRate()).isEqualTo(4.0);
        assertThat(sa.runId()).isEqualTo(run.id()).isEqualTo(sb.runId());
        assertThat(sa.host()).isEqualTo("http://127.0.0.1:9");
        assertThat(sb.userIdOffset()).isEqualTo(5);

        // A third worker joins mid-run: everybody gets a new share at once.
        LinkTestWorker c = joined("c");
        StartLoad a2 = a.await(StartLoad.class, WAIT);
        StartLoad b2 = b.await(StartLoad.class, WAIT);
        StartLoad c2 = c.await(StartLoad.class, WAIT);
        assertThat(List.of(a2.users(), b2.users(), c2.users())).containsExactly(4, 3, 3);
        assertThat(a2.workerCount()).isEqualTo(3);
        assertThat(c2.workerIndex()).isEqualTo(2);

        // Heartbeats say every user is alive: running.
        a.setUserCount(4);
        b.setUserCount(3);
        c.setUserCount(3);
        Await.until("running", WAIT, () -> coordinator.run.state() == RunState.RUNNING);
        assertThat(coordinator.run.userCount()).isEqualTo(10);

        // b crashes: its users move to a and c.
        long killedAt = System.nanoTime();
        b.kill();
        StartLoad a3 = a.await(StartLoad.class, WAIT);
        StartLoad c3 = c.await(StartLoad.class, WAIT);
        assertThat((System.nanoTime() - killedAt) / 1_000_000).isLessThan(5000);
        assertThat(a3.users() + c3.users()).isEqualTo(10);
        assertThat(List.of(a3.users(), c3.users())).containsExactly(5, 5);

        // A /swarm during the run changes the users (Locust's behaviour): same run id, new shares.
        Run changed = coordinator.run.swarm(new SwarmCommand(20, 10, null, null));
        assertThat(changed.id()).isEqualTo(run.id());
        assertThat(a.await(StartLoad.class, WAIT).users()).isEqualTo(10);
        assertThat(coordinator.run.state()).isEqualTo(RunState.SPAWNING);

        coordinator.run.stop();
        assertThat(a.await(StopLoad.class, WAIT).runId()).isEqualTo(run.id());
        assertThat(c.await(StopLoad.class, WAIT).runId()).isEqualTo(run.id());
        assertThat(coordinator.run.state()).isEqualTo(RunState.STOPPING);
        a.report(run.id(), Deltas.get(1, 0, 1000), true);
        c.report(run.id(), Deltas.get(1, 0, 1000), true);
        Await.until("stopped", WAIT, () -> coordinator.run.state() == RunState.STOPPED);
        assertThat(coordinator.run.completion()).isCompleted();
        a.close();
        c.close();
    }

    @Test
    void statsAreMergedOncePerSequenceAndOnlyForTheCurrentRun() throws Exception {
        LinkTestWorker a = joined("a");
        Run run = coordinator.run.swarm(new SwarmCommand(1, 1, null, null));
        a.await(StartLoad.class, WAIT);
        a.report(run.id(), 1, Deltas.get(10, 0, 2000), false);
        a.report(run.id(), 1, Deltas.get(10, 0, 2000), false); // duplicate frame
        a.report("another-run", 1, Deltas.get(100, 0, 2000), false); // late report of an old run
        a.report(run.id(), 2, Deltas.get(5, 2, 4000), false);
        Await.until("15 requests merged", WAIT, () -> coordinator.run.snapshot().numRequests() == 15);
        assertThat(coordinator.run.snapshot().numRequests()).isEqualTo(15);
        assertThat(coordinator.run.snapshot().numFailures()).isEqualTo(2);

        // A worker leaving after its last report loses nothing.
        coordinator.run.stop();
        a.report(run.id(), 3, Deltas.get(3, 0, 2000), true);
        a.bye();
        // The link handles a worker's frames in order: the run's final stats came after every frame
        // above, so the duplicate and the other run's report had every chance to be (wrongly) merged.
        RunEvent.Stopped stopped = next(RunEvent.Stopped.class, e -> e.run().id().equals(run.id()));
        assertThat(stopped.snapshot().numRequests()).isEqualTo(18);
        assertThat(stopped.snapshot().numFailures()).isEqualTo(2);
        assertThat(coordinator.run.state()).isEqualTo(RunState.STOPPED);
        Await.until("worker gone", WAIT, () -> coordinator.registry.size() == 0);
        assertThat(coordinator.run.snapshot().numRequests()).isEqualTo(18);
        a.close();
    }

    @Test
    void theLifecycleIsPublishedAsEvents() throws Exception {
        LinkTestWorker a = joined("a");
        Run run = coordinator.run.swarm(new SwarmCommand(4, 4, null, null));
        assertThat(next(RunEvent.Started.class, e -> true).run().id()).isEqualTo(run.id());
        a.await(StartLoad.class, WAIT);
        a.report(run.id(), 1, Deltas.get(7, 1, 1000), false);
        RunEvent.Tick tick = next(RunEvent.Tick.class, t -> t.snapshot().numRequests() == 7);
        assertThat(tick.run().id()).isEqualTo(run.id());
        assertThat(tick.state()).isIn(RunState.SPAWNING, RunState.RUNNING);
        assertThat(tick.status().state()).isEqualTo(tick.state().wireName());
        assertThat(tick.workers().connected()).extracting(link -> link.id()).containsExactly("a");

        LinkTestWorker b = coordinator.worker("b");
        RunEvent.WorkersChanged changed = next(RunEvent.WorkersChanged.class, e -> e.connected().size() == 2);
        assertThat(changed.connected()).containsExactly("a", "b");
        assertThat(changed.shares().values()).extracting(LoadShare::users).containsExactlyInAnyOrder(2, 2);

        coordinator.run.stop();
        a.report(run.id(), 2, Deltas.get(3, 0, 1000), true);
        b.report(run.id(), 1, Deltas.get(0, 0, 1000), true);
        RunEvent.Stopped stopped = next(RunEvent.Stopped.class, e -> true);
        assertThat(stopped.run().id()).isEqualTo(run.id());
        assertThat(stopped.snapshot().numRequests()).isEqualTo(10);
        assertThat(stopped.runError()).isNull();
        assertThat(stopped.results().status().state()).isEqualTo("stopped");
        assertThat(coordinator.run.completion()).isCompleted();
        a.close();
        b.close();
    }

    @Test
    void stoppingFinishesWithoutTheLastReportAfterTheTimeout() throws Exception {
        LinkTestWorker a = joined("a");
        coordinator.run.swarm(new SwarmCommand(2, 2, null, Duration.ofMillis(500)));
        a.await(StartLoad.class, WAIT);
        // run_time elapses: StopLoad goes out by itself.
        assertThat(a.await(StopLoad.class, WAIT)).isNotNull();
        assertThat(coordinator.run.state()).isEqualTo(RunState.STOPPING);
        // No last report: the final-report timeout (2 s here) ends the run anyway.
        Await.until("stopped", Duration.ofSeconds(4), () -> coordinator.run.state() == RunState.STOPPED);
        a.close();
    }

    @Test
    void aNewRunStartsWithFreshStatsAndANewId() throws Exception {
        LinkTestWorker a = joined("a");
        Run first = coordinator.run.swarm(new SwarmCommand(1, 1, null, null));
        a.await(StartLoad.class, WAIT);
        a.report(first.id(), Deltas.get(4, 0, 1000), false);
        Await.until("merged", WAIT, () -> coordinator.run.snapshot().numRequests() == 4);
        coordinator.run.stop();
        a.report(first.id(), Deltas.get(1, 0, 1000), true);
        Await.until("stopped", WAIT, () -> coordinator.run.state() == RunState.STOPPED);
        Run second = coordinator.run.swarm(new SwarmCommand(1, 1, "http://127.0.0.1:10", null));
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.host()).isEqualTo("http://127.0.0.1:10");
        assertThat(coordinator.run.snapshot().numRequests()).isZero();
        a.close();
    }
}
