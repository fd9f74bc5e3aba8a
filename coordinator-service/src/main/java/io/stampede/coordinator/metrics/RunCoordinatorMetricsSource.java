package io.stampede.coordinator.metrics;

import java.util.Optional;

import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.core.stats.StatsSnapshot;

/** Reads the {@link RunMetricsView} from the {@link RunCoordinator}. */
public final class RunCoordinatorMetricsSource implements RunMetricsSource {

    /** A run starting between two reads retries; two starts within one scrape are as good as impossible. */
    private static final int ATTEMPTS = 3;

    private final RunCoordinator coordinator;

    public RunCoordinatorMetricsSource(RunCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public RunMetricsView read() {
        Run run = coordinator.currentRun();
        StatsSnapshot stats = coordinator.snapshot();
        // A new run replaces the run and clears the stats at once (under the coordinator's monitor):
        // the same run before and after the snapshot means the stats are that run's.
        for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
            Run after = coordinator.currentRun();
            if (sameRun(run, after)) {
                break;
            }
            run = after;
            stats = coordinator.snapshot();
        }
        WorkerRegistry.Listing workers = coordinator.registry().listing();
        Optional<RunMetricsView.RunIdentity> identity = Optional.ofNullable(run)
                .map(r -> new RunMetricsView.RunIdentity(r.id(), r.scenario().name()));
        return new RunMetricsView(identity, coordinator.state(), coordinator.userCount(), workers.connected().size(),
                workers.missing().size(), stats, coordinator.requestedRate());
    }

    private static boolean sameRun(Run before, Run after) {
        return before == null ? after == null : after != null && before.id().equals(after.id());
    }
}
