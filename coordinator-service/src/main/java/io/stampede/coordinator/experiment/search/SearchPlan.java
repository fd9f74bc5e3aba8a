package io.stampede.coordinator.experiment.search;

import java.time.Duration;
import java.util.Objects;

/**
 * How a capacity search walks the rate: from {@code startRate}, multiplied by {@code factor}
 * (or, with factor 1, increased by {@code step}) until the SLO breaks or {@code maxRate} is
 * reached; then bisecting between the last good and the first bad rate until they are within
 * {@code precision} of each other. Every step holds its rate for {@code hold}.
 *
 * @param startRate iterations/s of the first step
 * @param factor    multiply the rate by this between ramp steps (above 1), or 1 to add {@code step}
 * @param step      added between ramp steps when {@code factor} is 1; ignored otherwise
 * @param maxRate   never probe above this; reaching it without a breach ends the search there
 * @param precision the bisection ends when (first bad − last good) / last good is at most this (default 0.05)
 * @param hold      how long each step runs: long enough for the target to reach a steady state
 * @param maxProbes the search never runs more steps than this, converged or not (the warm-up not counted)
 * @param warmUp    before the first step, run {@code startRate} this long unjudged (JIT, connection
 *                  pools, caches: a cold target would break the SLO at any rate); zero: no warm-up
 */
public record SearchPlan(double startRate, double factor, double step, double maxRate, double precision,
                         Duration hold, int maxProbes, Duration warmUp) {

    public static final double DEFAULT_PRECISION = 0.05;
    public static final int DEFAULT_MAX_PROBES = 20;

    public SearchPlan {
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(warmUp, "warmUp");
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warm_up: must be 0 or more, got " + warmUp);
        }
        if (!(startRate > 0) || Double.isInfinite(startRate)) {
            throw new IllegalArgumentException("start_rate: must be above 0, got " + startRate);
        }
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor: must be 1 or more, got " + factor);
        }
        if (factor == 1 && !(step > 0)) {
            throw new IllegalArgumentException("step: must be above 0 when factor is 1, got " + step);
        }
        if (!(maxRate >= startRate) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("max_rate: must be at least start_rate (" + startRate + "), got " + maxRate);
        }
        if (!(precision > 0 && precision < 1)) {
            throw new IllegalArgumentException("precision: must be between 0 and 1 (exclusive), got " + precision);
        }
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("hold: must be above 0, got " + hold);
        }
        if (maxProbes < 1) {
            throw new IllegalArgumentException("max_probes: must be 1 or more, got " + maxProbes);
        }
    }

    /** Doubling from {@code startRate} up to {@code maxRate}, 5 % precision, at most 20 steps, no warm-up. */
    public static SearchPlan doubling(double startRate, double maxRate, Duration hold) {
        return new SearchPlan(startRate, 2, 0, maxRate, DEFAULT_PRECISION, hold, DEFAULT_MAX_PROBES, Duration.ZERO);
    }

    public SearchPlan withWarmUp(Duration newWarmUp) {
        return new SearchPlan(startRate, factor, step, maxRate, precision, hold, maxProbes, newWarmUp);
    }

    public SearchPlan withMaxProbes(int newMaxProbes) {
        return new SearchPlan(startRate, factor, step, maxRate, precision, hold, newMaxProbes, warmUp);
    }

    public SearchPlan withPrecision(double newPrecision) {
        return new SearchPlan(startRate, factor, step, maxRate, newPrecision, hold, maxProbes, warmUp);
    }

    /** The ramp's next rate after {@code rate}, capped at {@code maxRate}. */
    double next(double rate) {
        return Math.min(maxRate, factor > 1 ? rate * factor : rate + step);
    }
}
