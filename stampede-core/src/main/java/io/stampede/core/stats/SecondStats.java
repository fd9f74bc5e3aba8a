package io.stampede.core.stats;

/**
 * The Aggregated samples attributed to one wall-clock second (each worker delta counts in the
 * second of its end time).
 *
 * @param epochSecond   the second, in seconds since the epoch
 * @param responseTimes the response times of that second only
 */
public record SecondStats(long epochSecond, long numRequests, long numFailures, ResponseTimeDistribution responseTimes) {

    public static SecondStats empty(long epochSecond) {
        return new SecondStats(epochSecond, 0, 0, ResponseTimeDistribution.EMPTY);
    }
}
