package io.stampede.core.link;

/**
 * Sent by a worker every heartbeat interval, whether or not it runs load.
 *
 * @param workerId    the sender
 * @param state       the worker's own view of its state
 * @param userCount   virtual users alive right now
 * @param cpuUsage    process CPU use in percent of one core (Locust's {@code cpu_usage})
 * @param memoryUsage resident memory of the process in bytes (Locust's {@code memory_usage})
 */
public record Heartbeat(String workerId, WorkerState state, int userCount, double cpuUsage, long memoryUsage)
        implements LinkMessage {
}
