package io.stampede.engine.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.stampede.core.link.HelloAck;
import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.Reject;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StopLoad;
import io.stampede.core.link.WorkerHello;
import io.stampede.core.link.WorkerState;
import io.stampede.core.stats.StatsDelta;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The link's transport alone, against a real WebSocket server playing the coordinator. */
class LinkClientTest {

    private static final String TOKEN = "s3cret";
    private static final String DISCONNECTED = "disconnected";

    /** Says hello as "w-1", heartbeats READY, and records what reaches it (commands, disconnections). */
    private static final class RecordingListener implements LinkClient.Listener {

        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        @Override
        public WorkerHello hello() {
            return new WorkerHello("w-1", "host", 1, LinkMessage.PROTOCOL_VERSION);
        }

        @Override
        public Heartbeat heartbeat() {
            return new Heartbeat("w-1", WorkerState.READY, 0, 0, 1);
        }

        @Override
        public void onMessage(LinkMessage message) {
            events.add(message);
        }

        @Override
        public void onDisconnected() {
            events.add(DISCONNECTED);
        }

        Object next(Duration limit) throws InterruptedException {
            Object event = events.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within " + limit).isNotNull();
            return event;
        }
    }

    private final Scheduler control = Schedulers.newSingle("test-link-control", true);
    private final RecordingListener listener = new RecordingListener();
    /** Released after each test, with its event loop. */
    private LinkClient link;

    private LinkClient client(String uri) {
        link = new LinkClient(URI.create(uri), TOKEN, Duration.ofMillis(100), Duration.ofMillis(400), control, listener);
        return link;
    }

    @AfterEach
    void release() {
        if (link != null) {
            link.release();
        }
        control.dispose();
    }

    /** Starts the link and accepts it with 200 ms heartbeats; returns once the first heartbeat came. */
    private static void connect(LinkClient link, FakeCoordinator coordinator) throws InterruptedException {
        link.start();
        coordinator.next(WorkerHello.class, Duration.ofSeconds(10));
        coordinator.send(new HelloAck("w-1", 200));
        coordinator.next(Heartbeat.class, Duration.ofSeconds(3));
    }

    @Test
    void reconnectDelaysDoubleFromTheMinimumUpToTheCapAndStartOverOnceConnected() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(5));
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(backoff.next());
        }
        assertThat(delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(backoff.failedAttempts()).isEqualTo(6);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void commandsReachTheListenerWhileHandshakeFramesStayInTheLink() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN)) {
            LinkClient link = client(coordinator.uri());
            link.start();
            assertThat(coordinator.next(WorkerHello.class, Duration.ofSeconds(10)).workerId()).isEqualTo("w-1");
            coordinator.send(new HelloAck("w-1", 200));
            assertThat(coordinator.next(Heartbeat.class, Duration.ofSeconds(3)).workerId()).isEqualTo("w-1");
            assertThat(link.isConnected()).isTrue();

            coordinator.send(new Reject("just testing"));
            coordinator.send(new StopLoad("run-1"));
            // Frames keep their order: had HelloAck or Reject reached the listener, they would come first.
            assertThat(listener.next(Duration.ofSeconds(3))).isEqualTo(new StopLoad("run-1"));

            control.schedule(link::finish);
            link.awaitDisconnect();
            assertThat(listener.next(Duration.ofSeconds(3))).isEqualTo(DISCONNECTED);
        }
    }

    @Test
    void aLostCoordinatorIsReportedAndTheClientSaysHelloToItsSuccessor() throws Exception {
        FakeCoordinator first = new FakeCoordinator(0, TOKEN);
        int port = first.port();
        LinkClient link = client(first.uri());
        connect(link, first);

        first.close();
        assertThat(listener.next(Duration.ofSeconds(5))).isEqualTo(DISCONNECTED);
        assertThat(link.isConnected()).isFalse();

        try (FakeCoordinator second = new FakeCoordinator(port, TOKEN)) {
            assertThat(second.next(WorkerHello.class, Duration.ofSeconds(10)).workerId()).isEqualTo("w-1");
            second.send(new HelloAck("w-1", 200));
            second.next(Heartbeat.class, Duration.ofSeconds(3));
            assertThat(link.isConnected()).isTrue();
            control.schedule(link::finish);
            link.awaitDisconnect();
        }
    }

    @Test
    void aCoordinatorThatStopsAnsweringPingsIsDroppedWithinTheLivenessLimit() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN)) {
            LinkClient link = client(coordinator.uri());
            connect(link, coordinator);
            coordinator.next(Heartbeat.class, Duration.ofSeconds(3)); // the first pings were answered by now

            coordinator.freeze();
            // The TCP connection stays open: only the liveness check (three intervals, at least
            // 2 s) can end it, well before TCP would notice.
            assertThat(listener.next(Duration.ofSeconds(6))).isEqualTo(DISCONNECTED);
            // The first hello was taken; frames of the frozen connection were never read.
            assertThat(coordinator.next(WorkerHello.class, Duration.ofSeconds(10)).workerId()).isEqualTo("w-1");
        }
    }

    @Test
    void whileReportsFlowEachHeartbeatRidesWithAReportAndAloneTheyKeepTheirInterval() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator(0, TOKEN)) {
            LinkClient link = client(coordinator.uri());
            connect(link, coordinator);

            // Reports every 200 ms, the heartbeat interval, as a worker sends them (control thread).
            long[] sequence = {0};
            Disposable reports = control.schedulePeriodically(() -> link.sendReport(
                    new StatsReport("w-1", "run-1", ++sequence[0],
                            new StatsDelta(0, 1, List.of(), List.of()), false)),
                    100, 200, TimeUnit.MILLISECONDS);
            Thread.sleep(2_500);
            reports.dispose();
            List<LinkMessage> frames = new ArrayList<>();
            coordinator.received.drainTo(frames);
            // Skip what came before the first report (the timer's beats).
            int first = 0;
            while (!(frames.get(first) instanceof StatsReport)) {
                first++;
            }
            int heartbeats = 0;
            int reportsSeen = 0;
            int last = frames.size() - 1; // and after the last one (the timer's again)
            while (!(frames.get(last) instanceof StatsReport)) {
                last--;
            }
            for (int i = first; i <= last; i++) {
                if (frames.get(i) instanceof Heartbeat) {
                    heartbeats++;
                    // Every beat is followed at once by its report: none came from the timer.
                    assertThat(frames.get(i + 1)).as("frame after heartbeat %d of %s", i, frames)
                            .isInstanceOf(StatsReport.class);
                } else {
                    reportsSeen++;
                }
            }
            assertThat(reportsSeen).isBetween(8, 13);
            assertThat(heartbeats).as("heartbeats among %d reports", reportsSeen).isBetween(reportsSeen - 2, reportsSeen);

            // Without reports, the timer beats again, an interval apart (the liveness check needs the pongs).
            long before = System.nanoTime();
            coordinator.next(Heartbeat.class, Duration.ofSeconds(2));
            coordinator.next(Heartbeat.class, Duration.ofSeconds(2));
            assertThat(System.nanoTime() - before).isLessThan(TimeUnit.MILLISECONDS.toNanos(1_500));
            assertThat(link.isConnected()).isTrue();
        }
    }
}
