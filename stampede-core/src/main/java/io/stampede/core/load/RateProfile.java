package io.stampede.core.load;

import java.time.Duration;
import java.util.List;

/**
 * A rate over time as piecewise-linear segments, with the two functions an arrival schedule
 * needs: how many iterations are due by a time ({@link #countAt}, the integral of the rate)
 * and when the n-th one is due ({@link #timeOfCount}, its inverse). Times are nanoseconds
 * since the load started; counts are real numbers, so a worker can own every n-th
 * iteration, or a fraction of the rate, without rounding drift.
 *
 * @param segments  in order; empty only for an unbounded profile
 * @param unbounded the last segment's end rate continues after the last segment for ever
 */
public record RateProfile(List<Segment> segments, boolean unbounded) {

    public RateProfile {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a rate profile needs a segment");
        }
    }

    /** A constant rate with no end. */
    public static RateProfile unbounded(double perSecond) {
        return new RateProfile(List.of(Segment.hold(perSecond, Duration.ofSeconds(1))), true);
    }

    /**
     * One piece of the profile: the rate moves linearly from {@code startPerSecond} to
     * {@code endPerSecond} over {@code nanos}.
     */
    public record Segment(double startPerSecond, double endPerSecond, long nanos) {
        public Segment {
            if (nanos <= 0) {
                throw new IllegalArgumentException("a segment lasts more than 0 ns");
            }
        }

        public static Segment hold(double perSecond, Duration duration) {
            return new Segment(perSecond, perSecond, duration.toNanos());
        }

        public static Segment ramp(double from, double to, Duration duration) {
            return new Segment(from, to, duration.toNanos());
        }

        /** Iterations due in the first {@code t} ns of the segment ({@code 0 <= t <= nanos}). */
        double countWithin(long t) {
            double seconds = t / 1e9;
            double slope = (endPerSecond - startPerSecond) / (nanos / 1e9);
            return startPerSecond * seconds + slope * seconds * seconds / 2;
        }

        double count() {
            return (startPerSecond + endPerSecond) / 2 * (nanos / 1e9);
        }

        /** The time (ns into the segment) at which {@code c} iterations are due, {@code 0 <= c <= count()}. */
        long timeOfCountWithin(double c) {
            double a = (endPerSecond - startPerSecond) / (nanos / 1e9) / 2; // count = a*t^2 + b*t, t in seconds
            double b = startPerSecond;
            double seconds;
            if (Math.abs(a) < 1e-12) {
                seconds = b == 0 ? 0 : c / b;
            } else {
                // The root of a*t^2 + b*t - c = 0 written so it stays exact when a is tiny
                // (no cancellation of b against the square root).
                double discriminant = Math.max(0, b * b + 4 * a * c);
                seconds = 2 * c / (b + Math.sqrt(discriminant));
            }
            return Math.min(nanos, Math.max(0, Math.round(seconds * 1e9)));
        }

        double rateWithin(long t) {
            return startPerSecond + (endPerSecond - startPerSecond) * ((double) t / nanos);
        }
    }

    /** Length of the profile in ns; {@link Long#MAX_VALUE} when unbounded. */
    public long durationNanos() {
        if (unbounded) {
            return Long.MAX_VALUE;
        }
        long total = 0;
        for (Segment s : segments) {
            total += s.nanos();
        }
        return total;
    }

    /** The rate at {@code t} ns after the start (0 after a bounded profile's end). */
    public double rateAt(long t) {
        long at = Math.max(0, t);
        for (Segment s : segments) {
            if (at < s.nanos()) {
                return s.rateWithin(at);
            }
            at -= s.nanos();
        }
        return unbounded ? segments.getLast().endPerSecond() : 0;
    }

    /** Iterations due in the first {@code t} ns (the integral of the rate). */
    public double countAt(long t) {
        long at = Math.max(0, t);
        double count = 0;
        for (Segment s : segments) {
            if (at <= s.nanos()) {
                return count + s.countWithin(at);
            }
            count += s.count();
            at -= s.nanos();
        }
        return unbounded ? count + segments.getLast().endPerSecond() * (at / 1e9) : count;
    }

    /** All iterations of a bounded profile ({@link Double#POSITIVE_INFINITY} when unbounded). */
    public double totalCount() {
        return unbounded ? Double.POSITIVE_INFINITY : countAt(durationNanos());
    }

    /**
     * The time (ns since the start) at which the {@code c}-th iteration is due, i.e. the first
     * {@code t} with {@code countAt(t) >= c}; -1 when a bounded profile ends before that.
     */
    public long timeOfCount(double c) {
        if (c <= 0) {
            return 0;
        }
        double before = 0;
        long start = 0;
        for (Segment s : segments) {
            double within = s.count();
            if (c <= before + within) {
                return start + s.timeOfCountWithin(c - before);
            }
            before += within;
            start += s.nanos();
        }
        double tail = segments.getLast().endPerSecond();
        if (!unbounded || tail <= 0) {
            return -1;
        }
        double seconds = (c - before) / tail;
        return seconds * 1e9 >= Long.MAX_VALUE - start ? -1 : start + Math.round(seconds * 1e9);
    }
}
