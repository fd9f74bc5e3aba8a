package io.stampede.bench.proc;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void countsCpuThisProcessBurnsAsTheJvmDoes() {
        ProcessCpu cpu = new ProcessCpu(ProcessHandle.current().pid());
        long before = cpu.cpuNanos();
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long x = 0;
        // Spin until 100 ms of CPU are counted (bounded: the machine may be busy).
        while (cpu.cpuNanos() - before < 100_000_000L && System.nanoTime() < giveUp) {
            for (int i = 0; i < 100_000; i++) {
                x += Long.numberOfTrailingZeros(x + i);
            }
        }
        long ours = cpu.cpuNanos();
        long jvms = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        assertThat(x).isNotNegative();
        assertThat(ours - before).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(Math.abs(ours - jvms)).isLessThan(50_000_000L);
        assertThat(ProcessCpu.cores(0, 500_000_000L, 1_000_000_000L)).isEqualTo(0.5);
    }
}
