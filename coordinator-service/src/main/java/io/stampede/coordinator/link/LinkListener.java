package io.stampede.coordinator.link;

import io.stampede.core.link.ShareLimited;
import io.stampede.core.link.StatsReport;
import io.stampede.core.stats.StatsAggregator;

/** What the link server tells the run: workers coming and going, stats arriving. */
public interface LinkListener {

    /** A worker completed the hello and is registered. */
    void workerJoined(WorkerLink link);

    /** A worker left: bye, closed connection or heartbeat timeout. It is no longer registered. */
    void workerLeft(WorkerLink link, String reason);

    /** A stats report arrived as JSON (from a registered worker or one that is just leaving). */
    void statsReported(StatsReport report);

    /**
     * A stats report arrived as a binary frame, its histograms decoded on the link thread
     * ({@link io.stampede.core.link.StatsReportFrame}): the report's entries carry no histogram text.
     */
    void statsReported(StatsReport report, StatsAggregator.Decoded decoded);

    /** A worker runs less than the share it was sent: its file descriptors or heap can't hold more. */
    void shareLimited(ShareLimited limited);
}
