package io.stampede.coordinator.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.link.MissingWorker;
import io.stampede.coordinator.link.WorkerLink;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.core.link.WorkerState;
import io.stampede.coordinator.report.HtmlReport;
import io.stampede.coordinator.report.LocustCsv;
import io.stampede.coordinator.report.LocustStatsDocument;
import io.stampede.coordinator.report.ReportInfo;
import io.stampede.coordinator.report.RunStatusView;
import io.stampede.core.stats.StatsSnapshot;

/**
 * The run's stats in every published form (Locust's JSON document, CSVs, HTML report); the
 * API serves them live and a headless run writes them to files, from this one place.
 */
public final class RunReports {

    private final RunCoordinator run;

    public RunReports(RunCoordinator run) {
        this.run = run;
    }

    public RunStatusView status() {
        List<RunStatusView.WorkerRow> rows = new ArrayList<>();
        WorkerRegistry.Listing workers = run.registry().listing();
        for (WorkerLink link : workers.connected()) {
            rows.add(new RunStatusView.WorkerRow(link.id(), link.state().wireName(), link.userCount(), link.cpuUsage(),
                    link.memoryUsage()));
        }
        // Locust lists workers that went away without a bye as missing, with no users; worker_count skips them.
        for (MissingWorker worker : workers.missing()) {
            rows.add(new RunStatusView.WorkerRow(worker.id(), WorkerState.MISSING.wireName(), 0, worker.cpuUsage(),
                    worker.memoryUsage()));
        }
        return new RunStatusView(run.state().wireName(), run.userCount(), rows);
    }

    /** {@code GET /stats/requests}; plus {@code run_error} when the run failed before its users started (setup). */
    public Map<String, Object> statsDocument() {
        Map<String, Object> document = LocustStatsDocument.build(run.snapshot(), status());
        String runError = run.runError();
        if (runError == null) {
            return document;
        }
        Map<String, Object> withError = new java.util.LinkedHashMap<>(document);
        withError.put("run_error", runError);
        return withError;
    }

    public String statsCsv() {
        return LocustCsv.statsCsv(run.snapshot());
    }

    public String failuresCsv() {
        return LocustCsv.failuresCsv(run.snapshot());
    }

    public String historyCsv() {
        return LocustCsv.historyCsv(run.history());
    }

    public String html() {
        StatsSnapshot snapshot = run.snapshot();
        Run current = run.currentRun();
        long now = System.currentTimeMillis();
        ReportInfo info = current == null
                ? new ReportInfo(run.launchScenario().scenario().name(), run.defaultHost(), now, now, 0)
                : new ReportInfo(current.scenario().scenario().name(), current.host(), current.startedAtMillis(),
                run.state() == RunState.STOPPED ? run.stoppedAtMillis() : now, current.users());
        return HtmlReport.render(info, snapshot, run.history());
    }
}
