package io.stampede.coordinator.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsSnapshot;

class ConsoleStatsPrinterTest {

    @Test
    void printsTheTableWhileTheSupplierHasStatsAndStopsWhenClosed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicBoolean active = new AtomicBoolean(false);
        AtomicInteger asked = new AtomicInteger();
        StatsSnapshot empty = new StatsAggregator().snapshot(System.currentTimeMillis());
        try (ConsoleStatsPrinter printer = ConsoleStatsPrinter.start(out, () -> {
            asked.incrementAndGet();
            return active.get() ? empty : null;
        }, Duration.ofMillis(20))) {
            awaitAsked(asked, 3);
            assertThat(bytes.size()).as("nothing printed while no run is active").isZero();
            active.set(true);
            int before = asked.get();
            awaitAsked(asked, before + 3);
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("# reqs");
        }
        int printed = bytes.size();
        Thread.sleep(100);
        assertThat(bytes.size()).as("nothing printed after close").isEqualTo(printed);
    }

    @Test
    void noneIsANoOp() {
        ConsoleStatsPrinter.NONE.close();
    }

    private static void awaitAsked(AtomicInteger asked, int times) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (asked.get() < times) {
            assertThat(System.nanoTime()).as("printer ran %d times within 10 s", times).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
