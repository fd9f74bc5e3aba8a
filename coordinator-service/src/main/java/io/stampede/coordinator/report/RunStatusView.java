package io.stampede.coordinator.report;

import java.util.List;

/**
 * The run fields of Locust's {@code GET /stats/requests} that do not come from stats.
 *
 * @param state     ready, spawning, running, stopping, stopped (Locust's runner states)
 * @param userCount running users across all workers
 * @param workers   connected workers
 */
public record RunStatusView(String state, int userCount, List<WorkerRow> workers) {

    public RunStatusView {
        workers = List.copyOf(workers);
    }

    /** Locust's {@code worker_count}: workers not reported missing. */
    public int workerCount() {
        return (int) workers.stream().filter(w -> !"missing".equals(w.state())).count();
    }

    /**
     * @param cpuUsage    percent of one core
     * @param memoryUsage bytes
     */
    public record WorkerRow(String id, String state, int userCount, double cpuUsage, long memoryUsage) {
    }
}
