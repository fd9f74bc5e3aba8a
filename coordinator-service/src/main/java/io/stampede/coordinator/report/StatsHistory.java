package io.stampede.coordinator.report;

import io.stampede.core.stats.StatsSnapshot;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The run's per-second history, bounded: the oldest samples are dropped past the capacity
 * (default 24 h at one sample a second). Thread-safe. The coordinator calls
 * {@link #sample(StatsSnapshot, int)} once a second.
 */
public final class StatsHistory {

    public static final int DEFAULT_CAPACITY = 24 * 60 * 60;

    private final int capacity;
    private final ArrayDeque<HistorySample> samples = new ArrayDeque<>();

    public StatsHistory() {
        this(DEFAULT_CAPACITY);
    }

    public StatsHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Appends the snapshot's second. */
    public HistorySample sample(StatsSnapshot snapshot, int userCount) {
        HistorySample sample = HistorySample.of(snapshot, userCount);
        add(sample);
        return sample;
    }

    public synchronized void add(HistorySample sample) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    /** Every sample kept, oldest first. */
    public synchronized List<HistorySample> samples() {
        return List.copyOf(samples);
    }

    /** Samples taken after {@code epochMillis}, oldest first (for incremental UI polling). */
    public synchronized List<HistorySample> samplesAfter(long epochMillis) {
        var newer = new ArrayDeque<HistorySample>();
        for (var it = samples.descendingIterator(); it.hasNext(); ) {
            HistorySample sample = it.next();
            if (sample.epochMillis() <= epochMillis) {
                break;
            }
            newer.addFirst(sample);
        }
        return List.copyOf(newer);
    }

    public synchronized int size() {
        return samples.size();
    }

    /** Forgets every sample (with {@link io.stampede.core.stats.StatsAggregator#reset()}, as Locust's reset clears its history). */
    public synchronized void clear() {
        samples.clear();
    }
}
