package io.stampede.coordinator.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.core.link.ShareLimited;
import io.stampede.coordinator.link.MissingWorker;
import io.stampede.coordinator.link.WorkerLink;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.report.GeneratorHealth;
import io.stampede.coordinator.report.HtmlReport;
import io.stampede.coordinator.report.LocustCsv;
import io.stampede.coordinator.report.LocustStatsDocument;
import io.stampede.coordinator.report.ReportInfo;
import io.stampede.coordinator.report.RunStatusView;
import io.stampede.core.link.WorkerState;
import io.stampede.core.stats.StatsSnapshot;

/**
 * The run's stats in every published form (Locust's JSON document, CSVs, HTML report), from
 * this one place: the API serves them live; the history and a headless run render the final
 * ones from the {@link RunResults} of {@link RunEvent.Stopped}.
 */
public final class RunReports {

    private final RunCoordinator run;

    public RunReports(RunCoordinator run) {
        this.run = run;
    }

    // ---- live -----------------------------------------------------------------------------

    public RunStatusView status() {
        return status(run.state(), run.registry().listing(), run.requestedRate(), run.unaccountedRequests(),
                run.limitedShares());
    }

    /** {@code GET /stats/requests}; plus {@code run_error} when the run failed before its users started (setup). */
    public Map<String, Object> statsDocument() {
        return statsDocument(run.snapshot(), status(), run.runError());
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
        return html(results());
    }

    /** The stats and status of now, in the form every report is rendered from. */
    public RunResults results() {
        Run current;
        RunState state;
        long endMillis;
        synchronized (run) {
            current = run.currentRun();
            state = run.state();
            endMillis = state == RunState.STOPPED ? run.stoppedAtMillis() : System.currentTimeMillis();
        }
        return results(run, current, state, endMillis, run.runError());
    }

    // ---- from results ---------------------------------------------------------------------

    public static Map<String, Object> statsDocument(RunResults results) {
        return statsDocument(results.snapshot(), results.status(), results.runError());
    }

    public static String statsCsv(RunResults results) {
        return LocustCsv.statsCsv(results.snapshot());
    }

    public static String failuresCsv(RunResults results) {
        return LocustCsv.failuresCsv(results.snapshot());
    }

    public static String historyCsv(RunResults results) {
        return LocustCsv.historyCsv(results.history());
    }

    public static String html(RunResults results) {
        return HtmlReport.render(results.info(), results.snapshot(), results.history(),
                GeneratorHealth.runWarnings(results.status()));
    }

    // ---- building blocks ------------------------------------------------------------------

    /** Locust's document of a snapshot; {@code run_error} added when there is one. */
    public static Map<String, Object> statsDocument(StatsSnapshot snapshot, RunStatusView status, String runError) {
        Map<String, Object> document = LocustStatsDocument.build(snapshot, status);
        if (runError == null) {
            return document;
        }
        Map<String, Object> withError = new LinkedHashMap<>(document);
        withError.put("run_error", runError);
        return withError;
    }

    /** The run fields of the document: state, users (as the heartbeats say) and one row per worker. */
    static RunStatusView status(RunState state, WorkerRegistry.Listing workers, double requestedRate,
                                long unaccountedRequests, List<ShareLimited> limitedShares) {
        List<RunStatusView.WorkerRow> rows = new ArrayList<>();
        int users = 0;
        for (WorkerLink link : workers.connected()) {
            users += link.userCount();
            rows.add(new RunStatusView.WorkerRow(link.id(), link.state().wireName(), link.userCount(), link.cpuUsage(),
                    link.memoryUsage(), link.cores()));
        }
        // Locust lists workers that went away without a bye as missing, with no users; worker_count skips them.
        for (MissingWorker worker : workers.missing()) {
            rows.add(new RunStatusView.WorkerRow(worker.id(), WorkerState.MISSING.wireName(), 0, worker.cpuUsage(),
                    worker.memoryUsage()));
        }
        return new RunStatusView(state.wireName(), users, rows, requestedRate, unaccountedRequests, limitedShares);
    }

    /** A run's results as of now; {@code current} null before the first run. */
    static RunResults results(RunCoordinator run, Run current, RunState state, long endMillis, String runError) {
        ReportInfo info = current == null
                ? new ReportInfo(run.launchScenario().scenario().name(), run.defaultHost(), endMillis, endMillis, 0)
                : new ReportInfo(current.scenario().scenario().name(), current.host(), current.startedAtMillis(),
                endMillis, current.users()).withLoad(current.load());
        return new RunResults(run.snapshot(), run.history().samples(), status(state, run.registry().listing(), 0, run.unaccountedRequests(),
                run.limitedShares()), info,
                runError);
    }
}
