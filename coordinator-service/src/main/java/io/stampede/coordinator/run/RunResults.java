package io.stampede.coordinator.run;

import java.util.List;

import io.stampede.coordinator.report.HistorySample;
import io.stampede.coordinator.report.ReportInfo;
import io.stampede.coordinator.report.RunStatusView;
import io.stampede.core.stats.StatsSnapshot;

/**
 * A run's stats and status read at one instant: what every published form ({@link RunReports})
 * is rendered from, so a run's final forms can be made after a next run reset the live stats.
 *
 * @param snapshot the stats
 * @param history  the per-second samples, oldest first
 * @param status   state, users and worker rows
 * @param info     the run facts the HTML report shows
 * @param runError why the run failed before its users started; null when it did not
 */
public record RunResults(StatsSnapshot snapshot, List<HistorySample> history, RunStatusView status, ReportInfo info,
                         String runError) {

    public RunResults {
        history = List.copyOf(history);
    }
}
