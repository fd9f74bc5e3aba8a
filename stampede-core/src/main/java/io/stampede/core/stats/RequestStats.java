package io.stampede.core.stats;

/**
 * The cumulative stats of one (method, name) row, or of the {@code Aggregated} row (method
 * {@code ""}, name {@value #AGGREGATED}), as Locust shows them.
 *
 * @param totalRps          requests per second over the whole run (since the first sample or the last reset)
 * @param currentRps        requests per second over the last ~10 s (see {@link StatsAggregator})
 * @param responseTimes     every sample's response time (service time, from the moment it was sent)
 * @param correctedResponseTimes every sample's response time from its intended start (coordinated
 *                          omission corrected); the same distribution as {@code responseTimes}
 *                          when no request started late
 */
public record RequestStats(String method, String name, long numRequests, long numFailures,
                           long totalResponseTimeMicros, long minResponseTimeMicros, long maxResponseTimeMicros,
                           long totalContentLength, double currentRps, double currentFailPerSec,
                           double totalRps, double totalFailPerSec, ResponseTimeDistribution responseTimes,
                           ResponseTimeDistribution correctedResponseTimes) {

    public static final String AGGREGATED = "Aggregated";

    public RequestStats {
        correctedResponseTimes = correctedResponseTimes == null ? responseTimes : correctedResponseTimes;
    }

    /** A row whose requests all started on time: both latencies are the same. */
    public RequestStats(String method, String name, long numRequests, long numFailures, long totalResponseTimeMicros,
                        long minResponseTimeMicros, long maxResponseTimeMicros, long totalContentLength,
                        double currentRps, double currentFailPerSec, double totalRps, double totalFailPerSec,
                        ResponseTimeDistribution responseTimes) {
        this(method, name, numRequests, numFailures, totalResponseTimeMicros, minResponseTimeMicros,
                maxResponseTimeMicros, totalContentLength, currentRps, currentFailPerSec, totalRps, totalFailPerSec,
                responseTimes, responseTimes);
    }

    /**
     * Several rows as one (e.g. every method of a name, for a threshold on {@code request: create}):
     * counts, sums and rates add up, min/max combine, histograms merge exactly.
     */
    public static RequestStats combine(String method, String name, java.util.Collection<RequestStats> rows) {
        org.HdrHistogram.Histogram histogram = HistogramCodec.newHistogram();
        org.HdrHistogram.Histogram corrected = HistogramCodec.newHistogram();
        long requests = 0;
        long failures = 0;
        long totalMicros = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        long contentLength = 0;
        double currentRps = 0;
        double currentFails = 0;
        double totalRps = 0;
        double totalFails = 0;
        for (RequestStats row : rows) {
            requests += row.numRequests();
            failures += row.numFailures();
            totalMicros += row.totalResponseTimeMicros();
            if (row.numRequests() > 0) {
                min = Math.min(min, row.minResponseTimeMicros());
                max = Math.max(max, row.maxResponseTimeMicros());
            }
            contentLength += row.totalContentLength();
            currentRps += row.currentRps();
            currentFails += row.currentFailPerSec();
            totalRps += row.totalRps();
            totalFails += row.totalFailPerSec();
            row.responseTimes().addTo(histogram);
            row.correctedResponseTimes().addTo(corrected);
        }
        return new RequestStats(method, name, requests, failures, totalMicros, requests == 0 ? 0 : min, max,
                contentLength, currentRps, currentFails, totalRps, totalFails, ResponseTimeDistribution.copyOf(histogram),
                ResponseTimeDistribution.copyOf(corrected));
    }

    public boolean isAggregated() {
        return method.isEmpty() && AGGREGATED.equals(name);
    }

    public double avgResponseTimeMillis() {
        return numRequests == 0 ? 0 : totalResponseTimeMicros / 1000.0 / numRequests;
    }

    /** 0 when there are no requests (Locust's rule). */
    public double minResponseTimeMillis() {
        return numRequests == 0 ? 0 : minResponseTimeMicros / 1000.0;
    }

    public double maxResponseTimeMillis() {
        return numRequests == 0 ? 0 : maxResponseTimeMicros / 1000.0;
    }

    public double medianResponseTimeMillis() {
        return percentileMillis(0.5);
    }

    /**
     * The response time (ms) that {@code quantile} of the requests finished within, from the
     * merged histogram (0.1% precision), kept within the exact min and max; 0 when there are
     * no requests. {@code percentileMillis(1.0)} is the exact max.
     */
    public double percentileMillis(double quantile) {
        if (numRequests == 0 || responseTimes.count() == 0) {
            return 0;
        }
        if (quantile >= 1.0) {
            return maxResponseTimeMillis();
        }
        long micros = responseTimes.valueAtQuantileMicros(quantile);
        return Math.min(Math.max(micros, minResponseTimeMicros), maxResponseTimeMicros) / 1000.0;
    }

    /**
     * The response time (ms) from the intended start that {@code quantile} of the requests
     * finished within; never below {@link #percentileMillis} (a request cannot finish before
     * it was sent). 0 when there are no requests.
     */
    public double correctedPercentileMillis(double quantile) {
        if (numRequests == 0 || correctedResponseTimes.count() == 0) {
            return 0;
        }
        if (correctedResponseTimes == responseTimes) {
            return percentileMillis(quantile);
        }
        double corrected = correctedResponseTimes.valueAtQuantileMicros(Math.min(quantile, 1.0)) / 1000.0;
        return Math.max(corrected, percentileMillis(quantile));
    }

    public double avgContentLength() {
        return numRequests == 0 ? 0 : (double) totalContentLength / numRequests;
    }

    /** Failures per request; 1.0 when there are failures but no requests, like Locust. */
    public double failRatio() {
        if (numRequests == 0) {
            return numFailures > 0 ? 1.0 : 0.0;
        }
        return (double) numFailures / numRequests;
    }
}
