package io.stampede.coordinator.experiment.search;

import java.util.List;

/**
 * One step of a search, in the order it ran: what it measured and why it broke the SLO (empty
 * when it met it).
 *
 * @param phase    WARMUP (unjudged, before the search), RAMP while raising the rate, BISECT while
 *                 narrowing down on the knee
 * @param rate     the rate the search asked this step for (iterations/s)
 * @param result   the step's measurement
 * @param breaches the SLO's reasons this step is not sustainable; empty when it is (a warm-up's are
 *                 informative only)
 */
public record ProbePoint(Phase phase, double rate, ProbeResult result, List<String> breaches) {

    public enum Phase { WARMUP, RAMP, BISECT }

    public ProbePoint {
        breaches = List.copyOf(breaches);
    }

    /** A judged step that met the SLO; a warm-up never counts as sustainable. */
    public boolean meetsSlo() {
        return phase != Phase.WARMUP && breaches.isEmpty();
    }

    public boolean judged() {
        return phase != Phase.WARMUP;
    }
}
