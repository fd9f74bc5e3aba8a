package io.stampede.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of another process, read from {@code /proc/<pid>/stat} (utime + stime). Linux
 * reports both in clock ticks of {@code USER_HZ}, which is 100 on every Linux ABI Java runs on.
 */
public final class ProcessCpu {

    private static final long TICKS_PER_SECOND = 100;

    private final Path stat;

    public ProcessCpu(long pid) {
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
    }

    /** User plus system CPU time the process (all its threads) used so far, in nanoseconds. */
    public long cpuNanos() {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat, e);
        }
        return ticksToNanos(line);
    }

    /** utime + stime of a {@code stat} line (a process's or a thread's), in nanoseconds. */
    private static long ticksToNanos(String line) {
        // The command name (field 2) is in parentheses and may hold spaces: parse after its ')'.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * CPU time so far of each of the process's JIT compiler threads alive now (HotSpot's
     * {@code C1 CompilerThread}s and {@code C2 CompilerThread}s), by thread id, in nanoseconds.
     * A compiler thread that exits between two readings takes its time along (HotSpot starts and
     * stops them as the queue needs), so {@link #jitNanosBetween} undercounts the JIT rather than
     * overcounts it.
     */
    public Map<Long, Long> jitThreadNanos() {
        Map<Long, Long> nanos = new HashMap<>();
        Path tasks = stat.getParent().resolve("task");
        try (var threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String line;
                try {
                    line = Files.readString(thread.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    nanos.put(Long.parseLong(thread.getFileName().toString()), ticksToNanos(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks, e);
        }
        return nanos;
    }

    /** The JIT compiler threads' CPU time between two {@link #jitThreadNanos} readings (threads alive at the second). */
    public static long jitNanosBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (var thread : after.entrySet()) {
            sum += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return sum;
    }

    /** Cores used on average between two readings taken {@code wallNanos} apart. */
    public static double cores(long cpuNanosBefore, long cpuNanosAfter, long wallNanos) {
        return (double) (cpuNanosAfter - cpuNanosBefore) / wallNanos;
    }
}
