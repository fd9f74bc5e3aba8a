package io.stampede.coordinator.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.core.link.Heartbeat;

/**
 * The workers connected right now, in the order they joined (the order decides who gets the
 * remainder when users don't divide evenly, so shares stay stable as workers come and go).
 */
public final class WorkerRegistry {

    private final Map<String, WorkerLink> links = new LinkedHashMap<>();

    /** Adds a worker; a worker reconnecting under the same id replaces (and closes) its old link. */
    public synchronized WorkerLink register(WorkerLink link) {
        WorkerLink previous = links.remove(link.id());
        links.put(link.id(), link);
        return previous;
    }

    /** Removes exactly this link (not a newer one with the same id); true when it was registered. */
    public synchronized boolean remove(WorkerLink link) {
        return links.remove(link.id(), link);
    }

    public synchronized void heartbeat(Heartbeat heartbeat, long nowMillis) {
        WorkerLink link = links.get(heartbeat.workerId());
        if (link != null) {
            link.heartbeat(heartbeat, nowMillis);
        }
    }

    public synchronized WorkerLink get(String workerId) {
        return links.get(workerId);
    }

    /** Workers silent for longer than the timeout; they are removed from the registry. */
    public synchronized List<WorkerLink> expire(long nowMillis, long timeoutMillis) {
        List<WorkerLink> expired = new ArrayList<>();
        links.values().removeIf(link -> {
            boolean silent = nowMillis - link.lastSeenMillis() > timeoutMillis;
            if (silent) {
                expired.add(link);
            }
            return silent;
        });
        return expired;
    }

    /** Snapshot of the connected workers in join order. */
    public synchronized List<WorkerLink> active() {
        return List.copyOf(links.values());
    }

    public synchronized int size() {
        return links.size();
    }

    synchronized Collection<WorkerLink> drain() {
        List<WorkerLink> all = List.copyOf(links.values());
        links.clear();
        return all;
    }
}
