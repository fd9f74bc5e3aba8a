package io.stampede.engine.inject.open;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.stampede.core.load.Arrivals;
import io.stampede.core.load.RateProfile;
import io.stampede.core.load.RateShape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ArrivalScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void slicesOfSeveralWorkersInterleaveIntoOneEvenSchedule() {
        RateProfile profile = RateProfile.unbounded(1000);
        List<Long> all = new ArrayList<>();
        int workers = 3;
        for (int i = 0; i < workers; i++) {
            ArrivalSchedule s = new ArrivalSchedule(profile, 1.0 / workers, (double) i / workers, Arrivals.EVEN,
                    0, SECOND, new SplittableRandom(i));
            for (long t = s.next(); t >= 0; t = s.next()) {
                all.add(t);
            }
        }
        all.sort(null);
        assertThat(all).hasSize(1000);
        for (int k = 0; k < all.size(); k++) {
            assertThat(all.get(k)).isCloseTo(k * 1_000_000L, within(2L));
        }
    }

    @Test
    void aHandOverAtOneInstantNeitherRepeatsNorSkipsIterations() {
        // 2 workers for 5 s, then 3 workers from 5 s to 10 s: 600/s throughout.
        RateProfile profile = RateProfile.unbounded(600);
        long switchAt = 5 * SECOND;
        int total = 0;
        for (int i = 0; i < 2; i++) {
            total += drain(new ArrivalSchedule(profile, 0.5, i / 2.0, Arrivals.EVEN, 0, switchAt, new SplittableRandom()));
        }
        for (int i = 0; i < 3; i++) {
            total += drain(new ArrivalSchedule(profile, 1 / 3.0, i / 3.0, Arrivals.EVEN, switchAt, 10 * SECOND,
                    new SplittableRandom()));
        }
        assertThat(total).isEqualTo(6000);
    }

    @Test
    void poissonSlicesAverageToTheRate() {
        RateProfile profile = RateProfile.unbounded(2000);
        int total = 0;
        for (int i = 0; i < 4; i++) {
            total += drain(new ArrivalSchedule(profile, 0.25, 0, Arrivals.POISSON, 0, 10 * SECOND,
                    new SplittableRandom(42 + i)));
        }
        // 20 000 expected; a Poisson count's standard deviation is sqrt(20 000) ~ 141: 5 sigma.
        assertThat(total).isBetween(20_000 - 710, 20_000 + 710);
    }

    @Test
    void aBoundedProfileEndsTheSchedule() {
        RateProfile profile = new RateShape.Constant(100, Duration.ofSeconds(2)).profile();
        ArrivalSchedule s = new ArrivalSchedule(profile, 1, 0, Arrivals.EVEN, 0, Long.MAX_VALUE, new SplittableRandom());
        assertThat(drain(s)).isEqualTo(200);
        assertThat(s.next()).isEqualTo(-1);
        assertThat(s.expectedBy(SECOND)).isCloseTo(100, within(1e-9));
    }

    private static int drain(ArrivalSchedule s) {
        int n = 0;
        for (long t = s.next(); t >= 0; t = s.next()) {
            n++;
            if (n > 1_000_000) {
                throw new AssertionError("schedule does not end");
            }
        }
        return n;
    }
}
