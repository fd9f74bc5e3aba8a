package io.stampede.coordinator.experiment.search;

/**
 * What one step of a capacity search measured at a fixed open-model rate.
 *
 * @param requestedRate       iterations/s the step asked for
 * @param achievedRate        iterations/s the generator actually started (mean over the step)
 * @param p50Millis           median response time as the client saw it (from the actual send)
 * @param p99Millis           99th percentile as the client saw it
 * @param correctedP50Millis  median measured from each request's intended start (coordinated omission corrected)
 * @param correctedP99Millis  99th percentile measured from each request's intended start
 * @param failRatio           failed requests / requests, 0 when there were none
 */
public record ProbeResult(double requestedRate, double achievedRate, double p50Millis, double p99Millis,
                          double correctedP50Millis, double correctedP99Millis, double failRatio) {

    public ProbeResult {
        if (!(requestedRate > 0)) {
            throw new IllegalArgumentException("requestedRate: must be above 0, got " + requestedRate);
        }
        if (failRatio < 0 || failRatio > 1) {
            throw new IllegalArgumentException("failRatio: must be between 0 and 1, got " + failRatio);
        }
    }

    /** achieved / requested: below 1 when the target (or the generator) could not keep up. */
    public double achievedRatio() {
        return achievedRate / requestedRate;
    }
}
