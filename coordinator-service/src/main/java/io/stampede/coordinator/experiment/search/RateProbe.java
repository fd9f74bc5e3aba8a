package io.stampede.coordinator.experiment.search;

import java.time.Duration;

/**
 * Runs one step of a capacity search: the target under an open-model {@code rate}
 * (iterations/s) for {@code hold}, and what that step measured. How the step runs is the
 * implementation's business ({@link CoordinatorRateProbe} runs it through the coordinator; the
 * unit tests simulate a target), so {@link CapacitySearch} stays the algorithm alone.
 */
@FunctionalInterface
public interface RateProbe {

    ProbeResult probe(double rate, Duration hold) throws Exception;
}
