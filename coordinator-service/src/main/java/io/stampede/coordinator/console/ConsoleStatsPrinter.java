package io.stampede.coordinator.console;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Predicate;

import io.stampede.coordinator.report.ConsoleStatsTable;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.RunEvents;
import io.stampede.coordinator.run.RunState;
import reactor.core.Disposable;

/**
 * {@code --print-stats}: the Locust-style console stats table, following the run's
 * {@link RunEvent.Tick}s: every period's worth of ticks in which the run is in a state to print.
 * Headless runs print from start to stop; the UI mode prints while a run is active, as Locust's
 * {@code --print-stats} does beside its UI.
 */
public final class ConsoleStatsPrinter implements AutoCloseable {

    /** Prints nothing: --print-stats not given. */
    public static final ConsoleStatsPrinter NONE = new ConsoleStatsPrinter(null);

    private final Disposable subscription;

    private ConsoleStatsPrinter(Disposable subscription) {
        this.subscription = subscription;
    }

    /**
     * @param period  how often to print, in whole ticks ({@link RunCoordinator#TICK}), at least one
     * @param printIn the states in which a tick is printed
     */
    public static ConsoleStatsPrinter start(PrintStream out, RunEvents events, Duration period,
                                            Predicate<RunState> printIn) {
        long every = Math.max(1, Math.round((double) period.toMillis() / RunCoordinator.TICK.toMillis()));
        long[] eligible = {0};
        Disposable subscription = events.subscribe("print-stats", event -> {
            if (event instanceof RunEvent.Tick tick && printIn.test(tick.state()) && eligible[0]++ % every == 0) {
                out.println(ConsoleStatsTable.render(tick.snapshot()));
            }
        });
        return new ConsoleStatsPrinter(subscription);
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.dispose();
        }
    }
}
