package io.stampede.core.link;

import io.stampede.core.stats.HistogramCodec;

/**
 * The coordinator accepted the worker.
 *
 * @param workerId              echoes the worker's id
 * @param heartbeatIntervalMillis how often the worker must send a {@link Heartbeat}; the
 *                              coordinator drops a worker silent for three intervals
 * @param readsUncompressedHistograms the coordinator decodes histograms in HdrHistogram's
 *                              uncompressed encoding ({@link HistogramCodec.Encoding#UNCOMPRESSED}),
 *                              so the worker sends them that way; null (absent) from an older
 *                              coordinator, which reads only the compressed form (boxed: this
 *                              codec fails on a missing primitive)
 * @param readsBinaryStatsReports the coordinator reads {@link StatsReport}s as binary frames
 *                              ({@link StatsReportFrame}), so the worker sends them that way; null
 *                              (absent) from an older coordinator, which reads only JSON
 */
public record HelloAck(String workerId, long heartbeatIntervalMillis, Boolean readsUncompressedHistograms,
                       Boolean readsBinaryStatsReports)
        implements LinkMessage {

    /** From a coordinator that reads JSON reports only, with histograms in either encoding. */
    public HelloAck(String workerId, long heartbeatIntervalMillis) {
        this(workerId, heartbeatIntervalMillis, true, null);
    }

    /** From a coordinator that reads JSON reports only. */
    public HelloAck(String workerId, long heartbeatIntervalMillis, Boolean readsUncompressedHistograms) {
        this(workerId, heartbeatIntervalMillis, readsUncompressedHistograms, null);
    }

    /** Whether stats reports go to this coordinator as {@link StatsReportFrame}s. */
    public boolean statsReportsBinary() {
        return Boolean.TRUE.equals(readsBinaryStatsReports);
    }

    /** How this coordinator wants histograms encoded in stats reports. */
    public HistogramCodec.Encoding histogramEncoding() {
        return Boolean.TRUE.equals(readsUncompressedHistograms) ? HistogramCodec.Encoding.UNCOMPRESSED : HistogramCodec.Encoding.COMPRESSED;
    }
}
