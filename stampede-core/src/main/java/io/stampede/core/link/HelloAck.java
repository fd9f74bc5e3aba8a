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
 */
public record HelloAck(String workerId, long heartbeatIntervalMillis, Boolean readsUncompressedHistograms)
        implements LinkMessage {

    /** From a coordinator that reads both encodings, as every coordinator since the field does. */
    public HelloAck(String workerId, long heartbeatIntervalMillis) {
        this(workerId, heartbeatIntervalMillis, true);
    }

    /** How this coordinator wants histograms encoded in stats reports. */
    public HistogramCodec.Encoding histogramEncoding() {
        return Boolean.TRUE.equals(readsUncompressedHistograms) ? HistogramCodec.Encoding.UNCOMPRESSED : HistogramCodec.Encoding.COMPRESSED;
    }
}
