package io.stampede.core.link;

/**
 * The coordinator accepted the worker.
 *
 * @param workerId              echoes the worker's id
 * @param heartbeatIntervalMillis how often the worker must send a {@link Heartbeat}; the
 *                              coordinator drops a worker silent for three intervals
 */
public record HelloAck(String workerId, long heartbeatIntervalMillis) implements LinkMessage {
}
