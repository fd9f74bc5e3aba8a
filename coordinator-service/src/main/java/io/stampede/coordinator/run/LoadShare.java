package io.stampede.coordinator.run;

/**
 * One worker's part of a run.
 *
 * @param workerId     the worker
 * @param workerIndex  its position among {@code workerCount} (join order)
 * @param workerCount  workers sharing the run
 * @param users        its target number of users
 * @param spawnRate    users it starts per second
 * @param userIdOffset first global user id of its users
 */
public record LoadShare(String workerId, int workerIndex, int workerCount, int users, double spawnRate,
                        long userIdOffset) {
}
