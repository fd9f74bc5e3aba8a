package io.stampede.bench.stall;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StallServerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRequestInTheStallWaitsForItsEndAndOthersDoNot() {
        assertThat(StallServer.remainingStallNanos(8 * SECOND + SECOND / 2, 10 * SECOND, SECOND)).isZero();
        assertThat(StallServer.remainingStallNanos(9 * SECOND + SECOND / 4, 10 * SECOND, SECOND)).isEqualTo(3 * SECOND / 4);
        assertThat(StallServer.remainingStallNanos(19 * SECOND, 10 * SECOND, SECOND)).isEqualTo(SECOND);
        assertThat(StallServer.remainingStallNanos(20 * SECOND + 1, 10 * SECOND, SECOND)).isZero();
    }
}
