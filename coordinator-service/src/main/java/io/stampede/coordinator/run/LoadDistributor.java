package io.stampede.coordinator.run;

import java.util.List;

/**
 * Turns the load a run asks for into one share per worker: the seam where a workload model
 * plugs in (a closed model divides users today; an open one would divide an arrival rate).
 */
@FunctionalInterface
public interface LoadDistributor {

    /** Users and spawn rate divided evenly, see {@link LoadDistribution}. */
    LoadDistributor USERS = (run, workerIds) -> LoadDistribution.divide(run.users(), run.spawnRate(), workerIds);

    /**
     * @param run       the run with the load it asks for now
     * @param workerIds the connected workers in join order
     * @return one share per worker, in the order of {@code workerIds}
     */
    List<LoadShare> divide(Run run, List<String> workerIds);
}
