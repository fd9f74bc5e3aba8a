package io.stampede.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        // The command name (field 2) is in parentheses and may hold spaces: parse after its ')'.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Cores used on average between two readings taken {@code wallNanos} apart. */
    public static double cores(long cpuNanosBefore, long cpuNanosAfter, long wallNanos) {
        return (double) (cpuNanosAfter - cpuNanosBefore) / wallNanos;
    }
}
