package io.stampede.coordinator.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.core.link.Heartbeat;

/**
 * The workers connected right now, in the order they joined (the order decides who gets the
 * remainder when users don't divide evenly, so shares stay stable as workers come and go),
 * and, as Locust lists them, the workers gone missing: dropped without a bye.
 *
 * <p>A missing worker is forgotten when it connects again under its id, after
 * {@link #MISSING_RETENTION} (Locust removes a missing worker after 60 heartbeat intervals of
 * 1 s), or when more than {@link #MISSING_CAP} newer ones went missing, so the churn of an
 * autoscaler can't grow the list without bound.
 */
public final class WorkerRegistry {

    /** How long a missing worker stays listed (Locust's HEARTBEAT_DEAD_INTERNAL × 1 s heartbeats). */
    public static final Duration MISSING_RETENTION = Duration.ofSeconds(60);
    /** At most this many missing workers are listed, the most recent ones. */
    public static final int MISSING_CAP = 100;

    private final Map<String, WorkerLink> links = new LinkedHashMap<>();
    /** By id, in the order they went missing (oldest first). */
    private final Map<String, MissingWorker> missing = new LinkedHashMap<>();

    /**
     * Adds a worker unless one with its id is connected already: that one stays and is
     * returned, and the newcomer is not added. Two workers sharing an id would otherwise knock
     * each other off on every reconnect, each time taking its users along. A worker joining
     * under the id of a missing one is no longer missing.
     *
     * @param welcome runs before the worker becomes visible to anyone iterating the registry
     *                (so the welcome is its first message)
     * @return null when added, else the connected worker with that id
     */
    public synchronized WorkerLink join(WorkerLink link, Runnable welcome) {
        WorkerLink connected = links.get(link.id());
        if (connected != null) {
            return connected;
        }
        welcome.run();
        links.put(link.id(), link);
        missing.remove(link.id());
        return null;
    }

    /**
     * Removes exactly this link (not another one with the same id) of a worker that said bye:
     * it is gone, not missing. True when it was registered.
     */
    public synchronized boolean remove(WorkerLink link) {
        return links.remove(link.id(), link);
    }

    /**
     * Removes exactly this link of a worker that went away without a bye (closed connection,
     * link error): it is listed as missing. True when it was registered.
     */
    public synchronized boolean drop(WorkerLink link, long nowMillis) {
        if (!links.remove(link.id(), link)) {
            return false;
        }
        markMissing(link, nowMillis);
        return true;
    }

    private void markMissing(WorkerLink link, long nowMillis) {
        missing.remove(link.id()); // re-inserted last: the most recent
        missing.put(link.id(), MissingWorker.of(link, nowMillis));
        var oldest = missing.keySet().iterator();
        while (missing.size() > MISSING_CAP) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Forgets the workers missing for longer than {@link #MISSING_RETENTION}. */
    public synchronized void forgetMissing(long nowMillis) {
        long retention = MISSING_RETENTION.toMillis();
        missing.values().removeIf(worker -> nowMillis - worker.missingSinceMillis() > retention);
    }

    /** Snapshot of the missing workers, in the order they went missing. */
    public synchronized List<MissingWorker> missing() {
        return List.copyOf(missing.values());
    }

    /** Connected and missing workers read at once, so a worker dropping meanwhile is in exactly one list. */
    public synchronized Listing listing() {
        return new Listing(List.copyOf(links.values()), List.copyOf(missing.values()));
    }

    /**
     * @param connected in join order
     * @param missing   in the order they went missing
     */
    public record Listing(List<WorkerLink> connected, List<MissingWorker> missing) {
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

    /** Workers silent for longer than the timeout; they are removed from the registry and listed as missing. */
    public synchronized List<WorkerLink> expire(long nowMillis, long timeoutMillis) {
        List<WorkerLink> expired = new ArrayList<>();
        links.values().removeIf(link -> {
            boolean silent = nowMillis - link.lastSeenMillis() > timeoutMillis;
            if (silent) {
                expired.add(link);
            }
            return silent;
        });
        for (WorkerLink link : expired) {
            markMissing(link, nowMillis);
        }
        return expired;
    }

    /** Snapshot of the connected workers in join order (missing ones are not). */
    public synchronized List<WorkerLink> active() {
        return List.copyOf(links.values());
    }

    /** Connected workers (missing ones are not). */
    public synchronized int size() {
        return links.size();
    }

    synchronized Collection<WorkerLink> drain() {
        List<WorkerLink> all = List.copyOf(links.values());
        links.clear();
        missing.clear();
        return all;
    }
}
