package io.stampede.core.link;

/**
 * First frame a worker sends after the WebSocket handshake.
 *
 * @param workerId        unique per worker process (hostname + random suffix)
 * @param hostname        for display in the workers table
 * @param cores           available processors, for display and future weighting
 * @param protocolVersion {@link LinkMessage#PROTOCOL_VERSION} of the worker
 */
public record WorkerHello(String workerId, String hostname, int cores, int protocolVersion)
        implements LinkMessage {
}
