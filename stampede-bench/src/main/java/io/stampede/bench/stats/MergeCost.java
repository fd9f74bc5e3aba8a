package io.stampede.bench.stats;

import io.stampede.bench.fleet.ReportTemplates;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StatsReportFrame;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the coordinator pays per worker report, measured in-process on the real
 * {@link StatsAggregator}: CPU time and allocated bytes per merged report of {@code names}
 * entries, and per {@code /stats/requests} snapshot. Multiply by reports per second for the
 * cores a fleet costs. A profiling aid for the fleet benchmark, which measures the whole
 * coordinator.
 */
public final class MergeCost {

    /**
     * @param cpuMicrosPerReport  merging an already parsed {@link StatsDelta}
     * @param cpuMicrosPerFrame   the whole per-report path of the coordinator short of Netty: the
     *                            report's JSON frame (bytes as received) parsed, its histograms
     *                            decoded and merged
     * @param cpuMicrosPerBinaryFrame the same for the report's binary frame ({@link StatsReportFrame}),
     *                            which a current worker sends a current coordinator
     */
    public record Result(int names, int reports, double cpuMicrosPerReport, double bytesPerReport,
                         double cpuMicrosPerFrame, double bytesPerFrame, int frameBytes,
                         double cpuMicrosPerBinaryFrame, double bytesPerBinaryFrame, int binaryFrameBytes,
                         double cpuMicrosPerSnapshot, double bytesPerSnapshot) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"names\":%d,\"reports\":%d,\"cpu_us_per_report\":%.1f,"
                            + "\"bytes_per_report\":%.0f,\"cpu_us_per_frame\":%.1f,\"bytes_per_frame\":%.0f,"
                            + "\"frame_bytes\":%d,\"cpu_us_per_binary_frame\":%.1f,\"bytes_per_binary_frame\":%.0f,"
                            + "\"binary_frame_bytes\":%d,\"cpu_us_per_snapshot\":%.1f,\"bytes_per_snapshot\":%.0f}",
                    names, reports, cpuMicrosPerReport, bytesPerReport, cpuMicrosPerFrame, bytesPerFrame, frameBytes,
                    cpuMicrosPerBinaryFrame, bytesPerBinaryFrame, binaryFrameBytes, cpuMicrosPerSnapshot, bytesPerSnapshot);
        }
    }

    private MergeCost() {
    }

    public static Result measure(int names, int workers, int seconds) {
        return measure(names, workers, seconds, io.stampede.core.stats.HistogramCodec.Encoding.UNCOMPRESSED);
    }

    public static Result measure(int names, int workers, int seconds, io.stampede.core.stats.HistogramCodec.Encoding encoding) {
        ReportTemplates templates = new ReportTemplates(names, 20, 42, encoding);
        long base = System.currentTimeMillis();
        // The same reports as frames off the link (UTF-8 JSON, as the worker sends them).
        byte[][] frames = new byte[seconds][];
        byte[][] binaryFrames = new byte[seconds][];
        for (int s = 0; s < seconds; s++) {
            StatsReport report = new StatsReport("w", "run", s + 1,
                    templates.delta(base + s * 1000L, base + s * 1000L + 1000), false);
            frames[s] = LinkCodec.encode(report).getBytes(StandardCharsets.UTF_8);
            binaryFrames[s] = StatsReportFrame.encode(report);
        }
        // Warm-up: the JIT compiles both paths and the snapshot before anything is measured (a
        // path measured right after a short warm-up was seen 30 % slower than the same code later).
        for (int round = 0; round < 2; round++) {
            run(templates, workers, Math.max(1, seconds / 2));
            mergeFrames(new StatsAggregator(), frames, workers);
            mergeBinaryFrames(new StatsAggregator(), binaryFrames, workers);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        StatsAggregator aggregator = new StatsAggregator();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long bytes0 = threads.getThreadAllocatedBytes(thread);
        for (int s = 0; s < seconds; s++) {
            for (int w = 0; w < workers; w++) {
                StatsDelta delta = templates.delta(base + s * 1000L, base + s * 1000L + 1000);
                aggregator.merge(delta);
            }
        }
        long cpu1 = threads.getCurrentThreadCpuTime();
        long bytes1 = threads.getThreadAllocatedBytes(thread);
        // A fleet changes every row between two polls of the UI: each snapshot follows one more
        // report (not counted), so no row's distribution can be reused from the snapshot before.
        int snapshots = 50;
        long snapshotCpu = 0;
        long snapshotBytes = 0;
        for (int i = 0; i < snapshots; i++) {
            aggregator.merge(templates.delta(base + seconds * 1000L, base + seconds * 1000L + 1000));
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long bytesBefore = threads.getThreadAllocatedBytes(thread);
            aggregator.snapshot(base + seconds * 1000L + 1000);
            snapshotCpu += threads.getCurrentThreadCpuTime() - cpuBefore;
            snapshotBytes += threads.getThreadAllocatedBytes(thread) - bytesBefore;
        }
        int reports = workers * seconds;

        StatsAggregator framed = new StatsAggregator();
        long cpu3 = threads.getCurrentThreadCpuTime();
        long bytes3 = threads.getThreadAllocatedBytes(thread);
        mergeFrames(framed, frames, workers);
        long cpu4 = threads.getCurrentThreadCpuTime();
        long bytes4 = threads.getThreadAllocatedBytes(thread);
        StatsAggregator binary = new StatsAggregator();
        mergeBinaryFrames(binary, binaryFrames, workers);
        long cpu5 = threads.getCurrentThreadCpuTime();
        long bytes5 = threads.getThreadAllocatedBytes(thread);
        if (binary.snapshot(base + seconds * 1000L).total().numRequests() != framed.snapshot(base + seconds * 1000L).total().numRequests()) {
            throw new IllegalStateException("the binary frames merged to other totals than the JSON ones");
        }
        return new Result(names, reports, (cpu1 - cpu0) / 1000.0 / reports, (double) (bytes1 - bytes0) / reports,
                (cpu4 - cpu3) / 1000.0 / reports, (double) (bytes4 - bytes3) / reports, frames[0].length,
                (cpu5 - cpu4) / 1000.0 / reports, (double) (bytes5 - bytes4) / reports, binaryFrames[0].length,
                snapshotCpu / 1000.0 / snapshots, (double) snapshotBytes / snapshots);
    }

    /** Binary frames as the coordinator's link thread handles them: decode (histograms included), then merge. */
    private static void mergeBinaryFrames(StatsAggregator aggregator, byte[][] frames, int workers) {
        for (byte[] frame : frames) {
            for (int w = 0; w < workers; w++) {
                aggregator.merge(StatsReportFrame.decode(java.nio.ByteBuffer.wrap(frame)).decoded());
            }
        }
    }

    private static void mergeFrames(StatsAggregator aggregator, byte[][] frames, int workers) {
        for (byte[] frame : frames) {
            for (int w = 0; w < workers; w++) {
                mergeFrame(aggregator, frame);
            }
        }
    }

    /** One frame as the coordinator's link thread handles it: parse the bytes, decode, then merge (the locked part). */
    private static void mergeFrame(StatsAggregator aggregator, byte[] frame) {
        StatsReport report = (StatsReport) LinkCodec.decode(new java.io.ByteArrayInputStream(frame));
        aggregator.merge(StatsAggregator.decode(report.delta()));
    }

    private static void run(ReportTemplates templates, int workers, int seconds) {
        StatsAggregator aggregator = new StatsAggregator();
        long base = System.currentTimeMillis();
        for (int s = 0; s < seconds; s++) {
            for (int w = 0; w < workers; w++) {
                aggregator.merge(templates.delta(base + s * 1000L, base + s * 1000L + 1000));
                if (w % 100 == 99) {
                    aggregator.snapshot(base + s * 1000L + 1000); // enough snapshots for the JIT to finish them
                }
            }
        }
    }
}
