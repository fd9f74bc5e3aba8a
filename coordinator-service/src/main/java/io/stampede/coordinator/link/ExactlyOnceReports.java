package io.stampede.coordinator.link;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.stampede.core.link.StatsReport;
import io.stampede.core.stats.StatsDelta;

/**
 * Hands each worker report on exactly once: a worker resends reports after a reconnect, and
 * the stats must not count them twice. Thread-safe.
 *
 * <p>Each worker numbers its reports of a run 1, 2, 3 ...; a {@code (worker, run, sequence)}
 * delivered before is dropped. Per (worker, run) we keep the highest sequence below which every
 * report was delivered, plus the set of sequences delivered above it (reports may arrive out of
 * order). That set is capped at {@value #MAX_PENDING_SEQUENCES}: past it, the oldest gap is given
 * up on (a report that old arriving later is dropped).
 *
 * <p>A worker process restarted under the same id numbers from 1 again within the same run. A
 * resent report covers an interval that ended no later than the newest interval already delivered
 * from that worker; a report of a new series starts after it. So a report whose sequence was seen
 * but whose interval starts after the end of everything delivered starts a new series: the window
 * restarts and the report is delivered; reports of the previous series (ending no later than its
 * newest delivered interval) are dropped from then on.
 *
 * <p>A stats reset does not touch this: a report merged before the reset and delivered again
 * must not bring its samples back.
 */
public final class ExactlyOnceReports {

    static final int MAX_PENDING_SEQUENCES = 4096;

    private final Map<Key, SequenceWindow> windows = new HashMap<>();

    /** {@link #deliver(String, String, long, StatsDelta, Consumer)} of a report as it came over the link. */
    public boolean deliver(StatsReport report, Consumer<StatsDelta> merge) {
        return deliver(report.workerId(), report.runId(), report.sequence(), report.delta(), merge);
    }

    /**
     * Passes the delta to {@code merge} unless this (worker, run, sequence) was delivered before.
     * When {@code merge} throws, the report counts as not delivered (a resend may try again) and
     * the exception propagates.
     *
     * @return true when the delta was merged, false when it was a duplicate (or stale) and dropped
     */
    public synchronized boolean deliver(String workerId, String runId, long sequence, StatsDelta delta,
                                        Consumer<StatsDelta> merge) {
        SequenceWindow window = windows.computeIfAbsent(new Key(workerId, runId), k -> new SequenceWindow());
        boolean newSeries = false;
        if (window.seen(sequence)) {
            if (delta.startEpochMillis() <= window.lastEndEpochMillis) {
                return false;
            }
            newSeries = true;
        } else if (delta.endEpochMillis() <= window.previousSeriesEndEpochMillis) {
            return false; // a late or resent report of a series that has since been restarted
        }
        merge.accept(delta);
        if (newSeries) {
            window.restart();
        }
        window.add(sequence, delta.endEpochMillis());
        return true;
    }

    /** Forgets every window: a new run starts, and reports of earlier runs are not merged anyway. */
    public synchronized void clear() {
        windows.clear();
    }

    private record Key(String workerId, String runId) {
    }

    /** The sequences of one worker's series seen so far. */
    private static final class SequenceWindow {
        /** Every sequence at or below this was seen (or given up on). */
        long floor;
        final TreeSet<Long> above = new TreeSet<>();
        /** The end of the newest interval delivered from this worker. */
        long lastEndEpochMillis = Long.MIN_VALUE;
        /** The end of the newest interval of the series before the current one (reports of it are stale). */
        long previousSeriesEndEpochMillis = Long.MIN_VALUE;

        boolean seen(long sequence) {
            return sequence <= floor || above.contains(sequence);
        }

        void restart() {
            previousSeriesEndEpochMillis = lastEndEpochMillis;
            floor = 0;
            above.clear();
            lastEndEpochMillis = Long.MIN_VALUE;
        }

        void add(long sequence, long endEpochMillis) {
            lastEndEpochMillis = Math.max(lastEndEpochMillis, endEpochMillis);
            above.add(sequence);
            advanceFloor();
            while (above.size() > MAX_PENDING_SEQUENCES) {
                floor = above.pollFirst();
                advanceFloor();
            }
        }

        private void advanceFloor() {
            while (!above.isEmpty() && above.first() == floor + 1) {
                floor = above.pollFirst();
            }
        }
    }
}
