package io.stampede.core.link;

import io.stampede.core.stats.StatsDelta;

/**
 * The stats a worker recorded since its previous report (sent every second while a run is
 * active, and once more when it stops). The coordinator merges each (workerId, sequence)
 * exactly once, so a resent or duplicated frame is never counted twice.
 *
 * @param workerId the sender
 * @param runId    the run the samples belong to
 * @param sequence 1, 2, 3 ... per worker and run
 * @param delta    the samples of the interval
 * @param last     true on the final report of the run from this worker
 */
public record StatsReport(String workerId, String runId, long sequence, StatsDelta delta, boolean last)
        implements LinkMessage {
}
