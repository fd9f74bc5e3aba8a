package io.stampede.coordinator.link;

import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.WorkerHello;
import io.stampede.core.link.WorkerState;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;

/**
 * One connected worker: what it said about itself and the outbound side of its WebSocket.
 * Sending never blocks: frames are queued for the connection's event loop.
 */
public final class WorkerLink {

    private final WorkerHello hello;
    private final long joinedAtMillis;
    private final Sinks.Many<String> outbound;
    private final Connection connection;
    private volatile long lastSeenMillis;
    private volatile Heartbeat lastHeartbeat;

    WorkerLink(WorkerHello hello, long nowMillis, Sinks.Many<String> outbound, Connection connection) {
        this.hello = hello;
        this.joinedAtMillis = nowMillis;
        this.lastSeenMillis = nowMillis;
        this.outbound = outbound;
        this.connection = connection;
    }

    public String id() {
        return hello.workerId();
    }

    public String hostname() {
        return hello.hostname();
    }

    public int cores() {
        return hello.cores();
    }

    public long joinedAtMillis() {
        return joinedAtMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    void seen(long nowMillis) {
        lastSeenMillis = nowMillis;
    }

    void heartbeat(Heartbeat heartbeat, long nowMillis) {
        lastHeartbeat = heartbeat;
        lastSeenMillis = nowMillis;
    }

    /** The worker's own state as of its last heartbeat (ready before the first one). */
    public WorkerState state() {
        Heartbeat hb = lastHeartbeat;
        return hb == null ? WorkerState.READY : hb.state();
    }

    /** Users alive on the worker as of its last heartbeat. */
    public int userCount() {
        Heartbeat hb = lastHeartbeat;
        return hb == null ? 0 : hb.userCount();
    }

    public double cpuUsage() {
        Heartbeat hb = lastHeartbeat;
        return hb == null ? 0 : hb.cpuUsage();
    }

    public long memoryUsage() {
        Heartbeat hb = lastHeartbeat;
        return hb == null ? 0 : hb.memoryUsage();
    }

    /** Queues a message; false when the link is already closed. */
    public boolean send(LinkMessage message) {
        String frame = LinkCodec.encode(message);
        // Sinks reject concurrent emission; callers come from several threads.
        synchronized (outbound) {
            return outbound.tryEmitNext(frame).isSuccess();
        }
    }

    /** Closes the connection (no bye expected any more). */
    public void close() {
        synchronized (outbound) {
            outbound.tryEmitComplete();
        }
        connection.dispose();
    }

    @Override
    public String toString() {
        return id() + "@" + hostname();
    }
}
