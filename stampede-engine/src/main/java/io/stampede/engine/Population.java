package io.stampede.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The load of one run on one engine, by workload model: {@link UserPopulation} (closed: users
 * that loop) or {@link ArrivalPopulation} (open: iterations on a schedule). Sealed, so the
 * worker handles each model's share changes explicitly.
 */
public sealed interface Population permits UserPopulation, ArrivalPopulation {

    /**
     * Stops the load: users end their current step (or are cut after the stop grace), then run
     * their on_stop steps. Idempotent.
     *
     * @return completes when every user has finished, so the last stats can be drained
     */
    CompletableFuture<Void> stop();

    /** Users running now: the closed model's population, the open model's iterations in flight. */
    int userCount();

    /** True while the closed model is still growing toward its target. */
    boolean isSpawning();

    boolean isStopping();

    RunSpec spec();
}
