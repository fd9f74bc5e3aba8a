package io.stampede.bench.fleet;

import io.stampede.core.stats.HistogramCodec;
import io.stampede.core.stats.StatsDelta;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-second stats a simulated worker reports: {@code names} request names, each with a
 * real encoded HdrHistogram of {@code requestsPerName} response times. Histograms are built
 * once and reused so the load generator spends its CPU on the link, not on encoding; the
 * coordinator still decodes and merges every one of them.
 */
public final class ReportTemplates {

    private final List<StatsDelta.EntryDelta> entries;
    private final long requestsPerReport;

    public ReportTemplates(int names, int requestsPerName, long seed) {
        this(names, requestsPerName, seed, HistogramCodec.Encoding.UNCOMPRESSED);
    }

    /** @param encoding the histograms' form on the link (a worker sends the compressed one to an older coordinator) */
    public ReportTemplates(int names, int requestsPerName, long seed, HistogramCodec.Encoding encoding) {
        SplittableRandom random = new SplittableRandom(seed);
        List<StatsDelta.EntryDelta> built = new ArrayList<>(names);
        for (int n = 0; n < names; n++) {
            Histogram histogram = HistogramCodec.newHistogram();
            long total = 0;
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < requestsPerName; i++) {
                // Log-normal-ish response times around a few ms, in microseconds.
                long micros = Math.max(1, Math.round(2000 * Math.exp(0.8 * random.nextGaussian())));
                histogram.recordValue(micros);
                total += micros;
                min = Math.min(min, micros);
                max = Math.max(max, micros);
            }
            String encoded = HistogramCodec.encode(histogram, encoding);
            built.add(new StatsDelta.EntryDelta("GET", "/simulated/" + n, requestsPerName, 0, total,
                    min, max, 2L * requestsPerName, encoded));
        }
        this.entries = List.copyOf(built);
        this.requestsPerReport = (long) names * requestsPerName;
    }

    public StatsDelta delta(long startEpochMillis, long endEpochMillis) {
        return new StatsDelta(startEpochMillis, endEpochMillis, entries, List.of());
    }

    /** num_requests one report adds to the coordinator's Aggregated row. */
    public long requestsPerReport() {
        return requestsPerReport;
    }
}
