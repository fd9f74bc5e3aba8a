package io.stampede.engine.link;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU and memory of this process, as Locust reports them in heartbeats. */
final class ProcessMetrics {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final com.sun.management.OperatingSystemMXBean os =
            ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean ? bean : null;
    private long lastCpuNanos = cpuNanos();
    private long lastWallNanos = System.nanoTime();

    /** Percent of one core used since the previous call. */
    synchronized double cpuPercent() {
        long cpu = cpuNanos();
        long wall = System.nanoTime();
        double percent = cpu < 0 || wall == lastWallNanos ? 0 : 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos);
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        return Math.max(0, Math.round(percent * 10) / 10.0);
    }

    private long cpuNanos() {
        return os == null ? -1 : os.getProcessCpuTime();
    }

    /** Resident set size from /proc, or the heap in use where there is no /proc. */
    long memoryBytes() {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
