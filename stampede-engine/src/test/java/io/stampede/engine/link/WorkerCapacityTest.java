package io.stampede.engine.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The arithmetic of what a worker can hold; the real limits are exercised in WorkerSelfProtectionTest. */
class WorkerCapacityTest {

    private static final long MIB = 1 << 20;

    @Test
    void fileDescriptorsBindWithAReserveOfAtLeast32OrATenth() {
        WorkerCapacity small = new WorkerCapacity(320, 100, 512 * MIB, 20 * MIB);
        assertThat(small.users()).isEqualTo(320 - 100 - 32);
        assertThat(small.describe()).startsWith("file descriptors: soft limit 320, 100 open, 32 kept in reserve");

        WorkerCapacity large = new WorkerCapacity(20_000, 200, 4096 * MIB, 20 * MIB);
        assertThat(large.users()).isEqualTo(20_000 - 200 - 2_000);
    }

    @Test
    void heapBindsAtTwoKilobytesPerUserOnThreeQuartersOfTheFreeHeap() {
        WorkerCapacity capacity = new WorkerCapacity(1_000_000, 100, 128 * MIB, 64 * MIB);
        assertThat(capacity.users()).isEqualTo((int) (64 * MIB * 0.75 / 2048));
        assertThat(capacity.describe()).startsWith("heap: 128 MiB max, 64 MiB in use");
    }

    @Test
    void aHundredThousandWaitingUsersStillFitTheMeasuredWorker() {
        // performance.md: 100,000 users ran in one -Xmx512m worker (21 MB idle), 20,000 descriptors were too few.
        WorkerCapacity measured = new WorkerCapacity(200_000, 300, 512 * MIB, 21 * MIB);
        assertThat(measured.users()).isGreaterThanOrEqualTo(150_000);
    }

    @Test
    void unknownDescriptorLimitsLeaveTheHeapAndFullHeapStillHoldsOne() {
        assertThat(new WorkerCapacity(-1, -1, 128 * MIB, 0).fdUsers()).isEqualTo(Long.MAX_VALUE);
        assertThat(new WorkerCapacity(100, 100, 128 * MIB, 128 * MIB).users()).isEqualTo(1);
    }
}
