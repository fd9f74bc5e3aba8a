package io.stampede.coordinator.link;

import io.stampede.core.link.ShareLimited;
import io.stampede.core.link.StatsReport;

/** What the link server tells the run: workers coming and going, stats arriving. */
public interface LinkListener {

    /** A worker completed the hello and is registered. */
    void workerJoined(WorkerLink link);

    /** A worker left: bye, closed connection or heartbeat timeout. It is no longer registered. */
    void workerLeft(WorkerLink link, String reason);

    /** A stats report arrived (from a registered worker or one that is just leaving). */
    void statsReported(StatsReport report);

    /** A worker runs less than the share it was sent: its file descriptors or heap can't hold more. */
    void shareLimited(ShareLimited limited);
}
