package io.stampede.bench.stats;

import io.stampede.bench.fleet.ReportTemplates;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What the coordinator pays per worker report, measured in-process on the real
 * {@link StatsAggregator}: CPU time and allocated bytes per merged report of {@code names}
 * entries, and per {@code /stats/requests} snapshot. Multiply by reports per second for the
 * cores a fleet costs. A profiling aid for the fleet benchmark, which measures the whole
 * coordinator.
 */
public final class MergeCost {

    public record Result(int names, int reports, double cpuMicrosPerReport, double bytesPerReport,
                         double cpuMicrosPerSnapshot, double bytesPerSnapshot) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"names\":%d,\"reports\":%d,\"cpu_us_per_report\":%.1f,"
                            + "\"bytes_per_report\":%.0f,\"cpu_us_per_snapshot\":%.1f,\"bytes_per_snapshot\":%.0f}",
                    names, reports, cpuMicrosPerReport, bytesPerReport, cpuMicrosPerSnapshot, bytesPerSnapshot);
        }
    }

    private MergeCost() {
    }

    public static Result measure(int names, int workers, int seconds) {
        ReportTemplates templates = new ReportTemplates(names, 20, 42);
        // Warm-up: the JIT compiles merge and snapshot before the measured pass.
        run(templates, workers, Math.max(1, seconds / 2));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        StatsAggregator aggregator = new StatsAggregator();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long bytes0 = threads.getThreadAllocatedBytes(thread);
        long base = System.currentTimeMillis();
        for (int s = 0; s < seconds; s++) {
            for (int w = 0; w < workers; w++) {
                StatsDelta delta = templates.delta(base + s * 1000L, base + s * 1000L + 1000);
                aggregator.merge(delta);
            }
        }
        long cpu1 = threads.getCurrentThreadCpuTime();
        long bytes1 = threads.getThreadAllocatedBytes(thread);
        int snapshots = 50;
        for (int i = 0; i < snapshots; i++) {
            aggregator.snapshot(base + seconds * 1000L);
        }
        long cpu2 = threads.getCurrentThreadCpuTime();
        long bytes2 = threads.getThreadAllocatedBytes(thread);
        int reports = workers * seconds;
        return new Result(names, reports, (cpu1 - cpu0) / 1000.0 / reports, (double) (bytes1 - bytes0) / reports,
                (cpu2 - cpu1) / 1000.0 / snapshots, (double) (bytes2 - bytes1) / snapshots);
    }

    private static void run(ReportTemplates templates, int workers, int seconds) {
        StatsAggregator aggregator = new StatsAggregator();
        long base = System.currentTimeMillis();
        for (int s = 0; s < seconds; s++) {
            for (int w = 0; w < workers; w++) {
                aggregator.merge(templates.delta(base + s * 1000L, base + s * 1000L + 1000));
            }
            aggregator.snapshot(base + s * 1000L);
        }
    }
}
