package io.stampede.core.load;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RateProfileTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void constantRateCountsAndInvertsExactly() {
        RateProfile p = RateProfile.unbounded(500);
        assertThat(p.countAt(2 * SECOND)).isCloseTo(1000, within(1e-9));
        assertThat(p.timeOfCount(1000)).isEqualTo(2 * SECOND);
        assertThat(p.timeOfCount(1)).isEqualTo(2_000_000L);
        assertThat(p.durationNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(p.rateAt(3600 * SECOND)).isEqualTo(500);
    }

    @Test
    void rampCountIsTheAreaUnderTheLineAndItsInverseMatches() {
        // 0 -> 100/s over 10 s: 500 iterations; the 125th is due at 5 s (area of the first half).
        RateProfile p = new RateShape.Stages(0, List.of(new RateShape.Stage(100, Duration.ofSeconds(10), true))).profile();
        assertThat(p.totalCount()).isCloseTo(500, within(1e-9));
        assertThat(p.countAt(5 * SECOND)).isCloseTo(125, within(1e-9));
        assertThat(p.timeOfCount(125)).isCloseTo(5 * SECOND, within(1_000L));
        for (long t = 0; t <= 10 * SECOND; t += SECOND / 7) {
            assertThat(p.timeOfCount(p.countAt(t))).isCloseTo(t, within(1_000L));
        }
        assertThat(p.timeOfCount(501)).isEqualTo(-1);
        assertThat(p.rateAt(5 * SECOND)).isCloseTo(50, within(1e-9));
    }

    @Test
    void downwardRampAndHoldStagesChain() {
        RateShape.Stages stages = new RateShape.Stages(0, List.of(
                new RateShape.Stage(100, Duration.ofSeconds(30), false),
                new RateShape.Stage(400, Duration.ofSeconds(60), false),
                new RateShape.Stage(0, Duration.ofSeconds(10), true)));
        RateProfile p = stages.profile();
        assertThat(p.durationNanos()).isEqualTo(100 * SECOND);
        assertThat(p.totalCount()).isCloseTo(3000 + 24000 + 2000, within(1e-6));
        assertThat(p.rateAt(95 * SECOND)).isCloseTo(200, within(1e-9));
        for (double c = 0.5; c < p.totalCount(); c += 997) {
            assertThat(p.countAt(p.timeOfCount(c))).isCloseTo(c, within(1e-3));
        }
    }

    @Test
    void stairsHoldEveryStepIncludingUntil() {
        RateShape.Stairs stairs = new RateShape.Stairs(100, 50, Duration.ofSeconds(30), 300);
        assertThat(stairs.rates()).containsExactly(100.0, 150.0, 200.0, 250.0, 300.0);
        assertThat(stairs.profile().durationNanos()).isEqualTo(150 * SECOND);
        assertThat(stairs.profile().rateAt(31 * SECOND)).isEqualTo(150);
    }

    @Test
    void badShapesNameTheField() {
        assertThatThrownBy(() -> new RateShape.Stairs(300, 50, Duration.ofSeconds(1), 100))
                .hasMessageContaining("until");
        assertThatThrownBy(() -> new RateShape.Stage(100, Duration.ZERO, false)).hasMessageContaining("duration");
        assertThatThrownBy(() -> new RateShape.Constant(-1, null)).hasMessageContaining("above 0");
        assertThatThrownBy(() -> new RateShape.Stairs(1, 0.0001, Duration.ofSeconds(1), 1000))
                .hasMessageContaining("steps");
    }
}
