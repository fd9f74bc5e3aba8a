package io.stampede.coordinator.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stampede.coordinator.link.WorkerLink;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StopLoad;

/**
 * The active run's load on the workers: which share each one got (a {@link StartLoad}) and,
 * once the run stops, whose last stats report is still due. Not thread-safe: {@link RunCoordinator}
 * calls it under its monitor; sending is non-blocking.
 */
final class WorkerShares {

    private final WorkerRegistry registry;
    private final LoadDistributor distributor;
    private final Map<String, LoadShare> shares = new LinkedHashMap<>();
    private final Set<String> awaitingLastReport = new HashSet<>();

    WorkerShares(WorkerRegistry registry, LoadDistributor distributor) {
        this.registry = registry;
        this.distributor = distributor;
    }

    /** Divides the run's load over the connected workers and sends every one its share. */
    void distribute(Run run, Map<String, String> variables, long leadNanos) {
        List<WorkerLink> workers = registry.active();
        List<String> ids = new ArrayList<>(workers.size());
        for (WorkerLink link : workers) {
            ids.add(link.id());
        }
        List<LoadShare> divided = distributor.divide(run, ids, System.nanoTime(), leadNanos);
        shares.clear();
        for (int i = 0; i < workers.size(); i++) {
            LoadShare share = divided.get(i);
            shares.put(share.workerId(), share);
            workers.get(i).send(new StartLoad(run.id(), run.scenario().yaml(), run.scenario().name(), run.host(),
                    share.users(), share.spawnRate(), share.workerIndex(), share.workerCount(), share.userIdOffset(),
                    variables, run.scenario().attachments(), share.open()));
        }
    }

    /**
     * Sends StopLoad to every worker that has a share and forgets the shares.
     *
     * @return how many workers owe their last report
     */
    int stop(String runId) {
        Set<String> participants = new HashSet<>(shares.keySet());
        shares.clear();
        StopLoad stopLoad = new StopLoad(runId);
        for (WorkerLink link : registry.active()) {
            if (participants.contains(link.id()) && link.send(stopLoad)) {
                awaitingLastReport.add(link.id());
            }
        }
        return awaitingLastReport.size();
    }

    /** A worker left: its share, null when it had none (else its load must go elsewhere). */
    LoadShare remove(String workerId) {
        return shares.remove(workerId);
    }

    /**
     * The worker's last report came (or the worker left): true when it was the last one due,
     * so the run can finish stopping.
     */
    boolean settled(String workerId) {
        return awaitingLastReport.remove(workerId) && awaitingLastReport.isEmpty();
    }

    /** Workers whose last report is still due. */
    Set<String> awaiting() {
        return Set.copyOf(awaitingLastReport);
    }

    /** Forgets shares and due reports (the run ended). */
    void clear() {
        shares.clear();
        awaitingLastReport.clear();
    }

    boolean isEmpty() {
        return shares.isEmpty();
    }

    Map<String, LoadShare> shares() {
        return Map.copyOf(shares);
    }
}
