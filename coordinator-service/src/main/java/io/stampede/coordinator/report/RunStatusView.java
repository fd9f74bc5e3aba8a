package io.stampede.coordinator.report;

import java.util.List;

import io.stampede.core.link.ShareLimited;

/**
 * The run fields of Locust's {@code GET /stats/requests} that do not come from stats.
 *
 * @param state     ready, spawning, running, stopping, stopped (Locust's runner states)
 * @param userCount running users across all workers
 * @param workers   connected workers
 * @param requestedRate the open model's arrival rate asked for now (iterations/s); 0 for the closed model
 * @param unaccountedRequests an estimate of the requests workers completed but never reported, because
 *                      they died without a last report (their rate × the time since their last report)
 * @param limitedShares the run's shares that workers cut to what their file descriptors or heap hold,
 *                      the latest per worker
 */
public record RunStatusView(String state, int userCount, List<WorkerRow> workers, double requestedRate,
                            long unaccountedRequests, List<ShareLimited> limitedShares) {

    public RunStatusView {
        workers = List.copyOf(workers);
        limitedShares = List.copyOf(limitedShares);
    }

    public RunStatusView(String state, int userCount, List<WorkerRow> workers, double requestedRate,
                         long unaccountedRequests) {
        this(state, userCount, workers, requestedRate, unaccountedRequests, List.of());
    }

    /** A status with nothing unaccounted for. */
    public RunStatusView(String state, int userCount, List<WorkerRow> workers, double requestedRate) {
        this(state, userCount, workers, requestedRate, 0);
    }

    /** A closed-model status. */
    public RunStatusView(String state, int userCount, List<WorkerRow> workers) {
        this(state, userCount, workers, 0);
    }

    /** Locust's {@code worker_count}: workers not reported missing. */
    public int workerCount() {
        return (int) workers.stream().filter(w -> !"missing".equals(w.state())).count();
    }

    /**
     * @param cpuUsage    percent of one core
     * @param memoryUsage bytes
     * @param cores       the worker's processors (its CPU ceiling is 100 % per core); 0 when unknown
     */
    public record WorkerRow(String id, String state, int userCount, double cpuUsage, long memoryUsage, int cores) {

        public WorkerRow(String id, String state, int userCount, double cpuUsage, long memoryUsage) {
            this(id, state, userCount, cpuUsage, memoryUsage, 0);
        }
    }
}
