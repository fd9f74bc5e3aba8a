package io.stampede.coordinator.console;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.stampede.coordinator.report.ConsoleStatsTable;
import io.stampede.core.stats.StatsSnapshot;

/**
 * {@code --print-stats}: the Locust-style console stats table, every period, on its own daemon
 * thread. Headless runs print from start to stop; the UI mode prints while a run is active (the
 * snapshot supplier answers null otherwise), as Locust's {@code --print-stats} does beside its UI.
 */
public final class ConsoleStatsPrinter implements AutoCloseable {

    /** Prints nothing: --print-stats not given. */
    public static final ConsoleStatsPrinter NONE = new ConsoleStatsPrinter(null);

    private final ScheduledExecutorService printer;

    private ConsoleStatsPrinter(ScheduledExecutorService printer) {
        this.printer = printer;
    }

    /** @param snapshots the stats to print now, or null to print nothing this time */
    public static ConsoleStatsPrinter start(PrintStream out, Supplier<StatsSnapshot> snapshots, Duration period) {
        ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stampede-print-stats");
            thread.setDaemon(true);
            return thread;
        });
        printer.scheduleAtFixedRate(() -> {
            StatsSnapshot snapshot = snapshots.get();
            if (snapshot != null) {
                out.println(ConsoleStatsTable.render(snapshot));
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return new ConsoleStatsPrinter(printer);
    }

    @Override
    public void close() {
        if (printer != null) {
            printer.shutdownNow();
        }
    }
}
