package io.stampede.coordinator.run;

import io.stampede.core.link.OpenShare;

/**
 * One worker's part of a run.
 *
 * @param workerId     the worker
 * @param workerIndex  its position among {@code workerCount} (join order)
 * @param workerCount  workers sharing the run
 * @param users        its target number of users (closed model; 0 for the open one)
 * @param spawnRate    users it starts per second (closed model)
 * @param userIdOffset first global user id of its users
 * @param open         its slice of the arrival rate (open model); null for the closed model
 */
public record LoadShare(String workerId, int workerIndex, int workerCount, int users, double spawnRate,
                        long userIdOffset, OpenShare open) {

    public LoadShare(String workerId, int workerIndex, int workerCount, int users, double spawnRate, long userIdOffset) {
        this(workerId, workerIndex, workerCount, users, spawnRate, userIdOffset, null);
    }

    /** Its part of the run's load, comparable between the shares of one run: users, or its slice of the rate. */
    public double weight() {
        return open != null ? open.fraction() : users;
    }
}
