package io.stampede.bench.delay;

import java.time.Duration;
import java.util.Random;

/**
 * A seeded, reproducible distribution of response delays: log-normal around a median, clamped
 * to [min, max]. Log-normal is the usual shape of service latency (a body and a long tail), so
 * the high percentiles a load tool must get right are spread out, not all equal.
 */
public final class DelayDistribution {

    private final Random random;
    private final double medianMicros;
    private final double sigma;
    private final long minMicros;
    private final long maxMicros;

    public DelayDistribution(long seed, Duration median, double sigma, Duration min, Duration max) {
        if (sigma < 0 || min.compareTo(max) > 0 || median.isNegative()) {
            throw new IllegalArgumentException("need sigma >= 0 and min <= max, got sigma=" + sigma
                    + " min=" + min + " max=" + max);
        }
        this.random = new Random(seed);
        this.medianMicros = median.toNanos() / 1000.0;
        this.sigma = sigma;
        this.minMicros = min.toNanos() / 1000;
        this.maxMicros = max.toNanos() / 1000;
    }

    /** The next delay in microseconds; the sequence depends only on the seed. */
    public synchronized long nextMicros() {
        long micros = Math.round(medianMicros * Math.exp(sigma * random.nextGaussian()));
        return Math.clamp(micros, minMicros, maxMicros);
    }
}
