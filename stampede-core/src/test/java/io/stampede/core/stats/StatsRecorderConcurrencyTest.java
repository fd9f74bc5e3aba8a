package io.stampede.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class StatsRecorderConcurrencyTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 100_000;

    @Test
    void everySampleIsDrainedExactlyOnceWhileRecordingAndCreatingKeys() throws Exception {
        StatsRecorder recorder = new StatsRecorder();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < PER_THREAD; i++) {
                    // New keys keep appearing while drains run: a fresh name every 1000 samples.
                    String name = "/t" + thread + "/" + (i / 1000);
                    recorder.record("GET", name, 1 + (i % 5000), 1, i % 10 == 0 ? "e" + (i % 3) : null);
                }
            }));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        List<StatsDelta> deltas = new ArrayList<>();
        Thread drainer = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                deltas.add(recorder.drain());
                Thread.onSpinWait();
            }
        });
        start.countDown();
        for (Thread writer : writers) {
            assertThat(writer.join(java.time.Duration.ofSeconds(60))).as("writer finished").isTrue();
        }
        writing.set(false);
        drainer.join(TimeUnit.SECONDS.toMillis(60));
        deltas.add(recorder.drain());

        long requests = 0;
        long failures = 0;
        long histogramCount = 0;
        long micros = 0;
        long failureOccurrences = 0;
        for (StatsDelta delta : deltas) {
            for (StatsDelta.EntryDelta entry : delta.entries()) {
                requests += entry.numRequests();
                failures += entry.numFailures();
                micros += entry.totalResponseTimeMicros();
                long inHistogram = ResponseTimeDistribution.decode(entry.histogram()).count();
                assertThat(inHistogram).as("histogram agrees with the count in one delta").isEqualTo(entry.numRequests());
                histogramCount += inHistogram;
            }
            failureOccurrences += delta.failures().stream().mapToLong(StatsDelta.FailureDelta::occurrences).sum();
        }
        long expectedMicros = 0;
        for (int i = 0; i < PER_THREAD; i++) {
            expectedMicros += 1 + (i % 5000);
        }
        assertThat(deltas.size()).as("drains that ran").isGreaterThan(2);
        assertThat(requests).isEqualTo((long) THREADS * PER_THREAD);
        assertThat(histogramCount).isEqualTo((long) THREADS * PER_THREAD);
        assertThat(failures).isEqualTo((long) THREADS * PER_THREAD / 10);
        assertThat(failureOccurrences).isEqualTo(failures);
        assertThat(micros).isEqualTo(expectedMicros * THREADS);
    }
}
