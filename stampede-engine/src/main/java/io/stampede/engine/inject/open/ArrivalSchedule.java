package io.stampede.engine.inject.open;

import java.util.random.RandomGenerator;

import io.stampede.core.load.Arrivals;
import io.stampede.core.load.RateProfile;

/**
 * When this worker's iterations are due: its slice of the run's rate profile over one share
 * window {@code [from, until)} (ns since the load started, on the run's clock).
 *
 * <p>The slice is {@code fraction} of the rate with a {@code phase} in [0, 1): in count space
 * (the integral of the rate) this worker's j-th iteration is due where
 * {@code fraction * (N(t) - N(from)) = j + phase}. With evenly spaced arrivals, n workers with
 * fraction 1/n and phases 0, 1/n, ..., (n-1)/n interleave into one evenly spaced schedule of
 * the whole rate; with Poisson arrivals each worker draws exponential gaps in count space
 * (time rescaling), and independent Poisson slices add up to one Poisson process. Either way
 * the total stays on schedule when the shares change: every worker switches at the same run
 * time, and what a window owes is computed from the profile, not from what was sent before.
 */
public final class ArrivalSchedule {

    private final RateProfile profile;
    private final double fraction;
    private final long until;
    private final Arrivals arrivals;
    private final RandomGenerator random;
    private final double startCount;
    private double nextCount;

    /**
     * @param fraction this worker's part of the rate, in (0, 1]
     * @param phase    where in its first gap this worker's first iteration falls, in [0, 1)
     * @param from     start of the window, ns since the load started
     * @param until    end of the window (exclusive); {@link Long#MAX_VALUE}: until the profile ends
     */
    public ArrivalSchedule(RateProfile profile, double fraction, double phase, Arrivals arrivals, long from, long until,
                           RandomGenerator random) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction " + fraction + " is not in (0, 1]");
        }
        if (!(phase >= 0 && phase < 1)) {
            throw new IllegalArgumentException("phase " + phase + " is not in [0, 1)");
        }
        this.profile = profile;
        this.fraction = fraction;
        // A bounded profile's end is exclusive like the window's: an iteration due at the very end is not owed.
        this.until = Math.min(until, profile.durationNanos());
        this.arrivals = arrivals;
        this.random = random;
        this.startCount = profile.countAt(from);
        this.nextCount = startCount + (arrivals == Arrivals.EVEN ? phase : exponential()) / fraction;
    }

    /**
     * The intended start (ns since the load started) of the next iteration, advancing the
     * schedule; -1 once the window or the profile has ended.
     */
    public long next() {
        long due = profile.timeOfCount(nextCount);
        if (due < 0 || due >= until) {
            return -1;
        }
        nextCount += (arrivals == Arrivals.EVEN ? 1 : exponential()) / fraction;
        return due;
    }

    /** Iterations this window owes from its start up to {@code t}: the figure to compare with what was started. */
    public double expectedBy(long t) {
        return Math.max(0, (profile.countAt(Math.min(t, until)) - startCount) * fraction);
    }

    private double exponential() {
        // 1 - nextDouble() is in (0, 1], so the logarithm is finite.
        return -Math.log(1 - random.nextDouble());
    }
}
