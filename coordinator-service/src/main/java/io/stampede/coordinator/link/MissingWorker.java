package io.stampede.coordinator.link;

/**
 * A worker whose link dropped without a bye (crash, closed connection, heartbeat timeout):
 * Locust keeps such a worker listed with state {@code missing}, out of {@code worker_count},
 * until it reconnects or has been missing for a while.
 *
 * @param cpuUsage           percent of one core, as of its last heartbeat
 * @param memoryUsage        bytes, as of its last heartbeat
 * @param lastSeenMillis     when the coordinator last heard of it
 * @param missingSinceMillis when its link was dropped
 */
public record MissingWorker(String id, String hostname, int cores, double cpuUsage, long memoryUsage,
                            long lastSeenMillis, long missingSinceMillis) {

    static MissingWorker of(WorkerLink link, long nowMillis) {
        return new MissingWorker(link.id(), link.hostname(), link.cores(), link.cpuUsage(), link.memoryUsage(),
                link.lastSeenMillis(), nowMillis);
    }
}
