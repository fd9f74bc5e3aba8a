package io.stampede.core.load;

/** How the iterations of an open workload are spread in time. */
public enum Arrivals {
    /**
     * Evenly spaced (wrk2's and Fortio's schedule): the gaps follow the rate exactly, so a
     * latency spike in the results is the target's, not the schedule's.
     */
    EVEN,
    /**
     * A Poisson process (exponential gaps with the rate as mean), the way independent users
     * arrive at a real service; the slices of several workers add up to one Poisson process
     * of the whole rate.
     */
    POISSON
}
