package io.stampede.coordinator.experiment.topology;

import java.net.URI;

/**
 * Brings up a suite's {@link BackendsMap} (sample-workload instances wired through
 * {@code BACKENDS}) and takes it down again, whatever happened in between.
 */
public interface Topology extends AutoCloseable {

    /** Deploys every node and waits until each answers; returns the entry node's base URL. */
    URI deploy(BackendsMap map) throws Exception;

    /** Deletes everything {@link #deploy} created; idempotent, never throws for what is already gone. */
    @Override
    void close();
}
