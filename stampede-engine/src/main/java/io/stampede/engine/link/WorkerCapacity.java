package io.stampede.engine.link;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * How many concurrently active users (or in-flight iterations) this worker process can hold,
 * from its real file-descriptor limit and heap, so that a share beyond it is refused instead of
 * running the process out of descriptors or memory until it stops answering (issue 18 item 2).
 * Measured when a run starts, before its users open connections.
 *
 * <p>Budgets, with headroom: one file descriptor per active user (the pool keeps one connection
 * per concurrently active user, see engine.md) and {@value #HEAP_BYTES_PER_USER} bytes of heap
 * per user (measured: 301 B for a waiting user, performance.md; the documented bound is 2 KB).
 * A reserve of descriptors stays free for the link, DNS, class loading and logs, a share of the
 * heap for requests' buffers.
 *
 * @param maxFds   the soft {@code RLIMIT_NOFILE} (what the JVM may open); -1 where unknown
 * @param openFds  descriptors open now; -1 where unknown
 * @param maxHeap  {@code Runtime.maxMemory()}
 * @param usedHeap heap in use now (garbage included: errs on the safe side)
 */
public record WorkerCapacity(long maxFds, long openFds, long maxHeap, long usedHeap) {

    /** Heap budget of one user: the documented bound, ≈7× the measured 301 B of a waiting user. */
    static final long HEAP_BYTES_PER_USER = 2048;
    /** Share of the free heap users may take; the rest is for requests' buffers and the recorder. */
    static final double HEAP_SHARE_FOR_USERS = 0.75;
    /** Descriptors always kept free: at least this many ... */
    static final long FD_RESERVE_MIN = 32;
    /** ... or this share of the limit, whichever is more. */
    static final double FD_RESERVE_SHARE = 0.10;

    /** The real limits of this process now. */
    public static WorkerCapacity measure() {
        long maxFds = -1;
        long openFds = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            maxFds = unix.getMaxFileDescriptorCount();
            openFds = unix.getOpenFileDescriptorCount();
        }
        Runtime runtime = Runtime.getRuntime();
        return new WorkerCapacity(maxFds, openFds, runtime.maxMemory(), runtime.totalMemory() - runtime.freeMemory());
    }

    /** Descriptors users may take: the free ones minus the reserve; {@code Long.MAX_VALUE} where unknown. */
    public long fdUsers() {
        if (maxFds <= 0 || openFds < 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, maxFds - openFds - fdReserve());
    }

    private long fdReserve() {
        return Math.max(FD_RESERVE_MIN, (long) Math.ceil(maxFds * FD_RESERVE_SHARE));
    }

    /** Users the free heap holds at the per-user budget. */
    public long heapUsers() {
        return (long) (Math.max(0, maxHeap - usedHeap) * HEAP_SHARE_FOR_USERS / HEAP_BYTES_PER_USER);
    }

    /** Concurrently active users (or in-flight iterations) this worker can hold; at least 1. */
    public int users() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(fdUsers(), heapUsers())));
    }

    /** Which limit binds and its figures, for the refusal's reason. */
    public String describe() {
        if (fdUsers() <= heapUsers()) {
            return String.format(Locale.ROOT, "file descriptors: soft limit %d, %d open, %d kept in reserve,"
                    + " one per active user (raise ulimit -n / the container's nofile limit, or add workers)",
                    maxFds, openFds, fdReserve());
        }
        return String.format(Locale.ROOT, "heap: %d MiB max, %d MiB in use, %d bytes per user on %.0f%% of the"
                        + " free heap (raise -Xmx / the container's memory, or add workers)", maxHeap >> 20,
                usedHeap >> 20, HEAP_BYTES_PER_USER, HEAP_SHARE_FOR_USERS * 100);
    }
}
