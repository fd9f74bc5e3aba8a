package io.stampede.coordinator.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.report.RunStatusView;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.RunEvents;
import io.stampede.coordinator.run.RunState;
import io.stampede.coordinator.support.Deltas;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;
import io.stampede.testing.Await;

class ConsoleStatsPrinterTest {

    private static final String TABLE_HEADER = "# reqs";

    @Test
    void printsTheTicksOfThePrintingStatesEveryPeriod() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (RunEvents events = new RunEvents();
             ConsoleStatsPrinter printer = ConsoleStatsPrinter.start(out, events, Duration.ofSeconds(2),
                     RunState::isActive)) {
            events.publish(tick(RunState.READY, EMPTY));
            events.publish(tick(RunState.READY, EMPTY));
            for (int i = 0; i < 4; i++) {
                events.publish(tick(RunState.RUNNING, EMPTY));
            }
            events.publish(tick(RunState.STOPPED, EMPTY));
            events.publish(tick(RunState.SPAWNING, MARKER));
            // Delivered in order: once the marker is printed, every tick before it was handled.
            awaitPrinted(bytes, MARKER_REQUESTS);
            assertThat(tables(bytes)).as("one table per 2 ticks of an active run: the 1st, 3rd and 5th").isEqualTo(3);
        }
    }

    @Test
    void closingEndsTheSubscription() {
        try (RunEvents events = new RunEvents()) {
            ConsoleStatsPrinter printer = ConsoleStatsPrinter.start(System.out, events, Duration.ofSeconds(1),
                    RunState::isActive);
            assertThat(events.subscriberCount()).isEqualTo(1);
            printer.close();
            assertThat(events.subscriberCount()).isZero();
        }
    }

    @Test
    void noneIsANoOp() {
        ConsoleStatsPrinter.NONE.close();
    }

    private static final long MARKER_REQUESTS = 4242;
    private static final StatsSnapshot EMPTY = new StatsAggregator().snapshot(System.currentTimeMillis());
    private static final StatsSnapshot MARKER = withRequests(MARKER_REQUESTS);

    private static StatsSnapshot withRequests(long requests) {
        StatsAggregator aggregator = new StatsAggregator();
        aggregator.merge(Deltas.get(requests, 0, 1000));
        return aggregator.snapshot(System.currentTimeMillis());
    }

    private static int tables(ByteArrayOutputStream bytes) {
        String printed = bytes.toString(StandardCharsets.UTF_8);
        return printed.split(Pattern.quote(TABLE_HEADER), -1).length - 1;
    }

    private static void awaitPrinted(ByteArrayOutputStream bytes, long requests) throws InterruptedException {
        Await.until("a table with " + requests + " requests", Duration.ofSeconds(10),
                () -> bytes.toString(StandardCharsets.UTF_8).contains(" " + requests + " "));
    }

    private static RunEvent.Tick tick(RunState state, StatsSnapshot snapshot) {
        return new RunEvent.Tick(System.currentTimeMillis(), null, state, snapshot,
                new RunStatusView(state.wireName(), 0, List.of()), null, new WorkerRegistry.Listing(List.of(), List.of()));
    }
}
