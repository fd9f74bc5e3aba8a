package io.stampede.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LoadDistributionTest {

    @Test
    void remainderGoesToTheEarliestWorkersAndRatesAddUp() {
        List<LoadShare> shares = LoadDistribution.divide(10, 3, List.of("a", "b", "c"));
        assertThat(shares).extracting(LoadShare::users).containsExactly(4, 3, 3);
        assertThat(shares).extracting(LoadShare::userIdOffset).containsExactly(0L, 4L, 7L);
        assertThat(shares.stream().mapToDouble(LoadShare::spawnRate).sum()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(shares.get(0).spawnRate()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void fewerUsersThanWorkersLeavesSomeIdle() {
        List<LoadShare> shares = LoadDistribution.divide(1, 1, List.of("a", "b"));
        assertThat(shares).extracting(LoadShare::users).containsExactly(1, 0);
        assertThat(shares).extracting(LoadShare::spawnRate).containsExactly(1.0, 0.0);
    }

    @Test
    void zeroUsersAndNoWorkers() {
        assertThat(LoadDistribution.divide(0, 2, List.of("a", "b"))).extracting(LoadShare::users).containsExactly(0, 0);
        assertThat(LoadDistribution.divide(5, 2, List.of())).isEmpty();
    }
}
