package io.stampede.coordinator.ui;

import io.stampede.coordinator.history.RunParameters;
import io.stampede.coordinator.history.SeriesPoint;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/stream} pushes once a second (SSE event {@code live}).
 *
 * @param runId      the current or last run, null before the first
 * @param scenario   its scenario's name
 * @param parameters what it was started with (users/spawn rate as edited)
 * @param stats      the stats document, exactly as {@code GET /stats/requests}
 * @param points     series points the client has not seen yet
 * @param reset      true when the client must drop the points it has (first message, new run, stats reset)
 * @param workers    connected workers with their last heartbeat, then the missing ones (state {@code missing})
 */
public record LiveMessage(String runId, String scenario, RunParameters parameters, Map<String, Object> stats,
                          List<SeriesPoint> points, boolean reset, List<WorkerRow> workers) {

    /**
     * @param heartbeatAgeMillis time since the worker was last heard of
     * @param cpuUsage           percent of one core
     * @param memoryUsage        bytes
     */
    public record WorkerRow(String id, String hostname, String state, int userCount, double cpuUsage, long memoryUsage,
                            long heartbeatAgeMillis) {
    }
}
