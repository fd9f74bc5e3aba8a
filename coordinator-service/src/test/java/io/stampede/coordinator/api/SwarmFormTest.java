package io.stampede.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.load.Arrivals;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.LoadSpec;
import org.junit.jupiter.api.Test;

/** The start form's and /swarm's fields for the open model, as the UI sends them (no user_count, no spawn_rate). */
class SwarmFormTest {

    private static Map<String, String> fields(String... keyValues) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put(keyValues[i], keyValues[i + 1]);
        }
        fields.put("host", null); // the UI sends an empty host as null
        return fields;
    }

    @Test
    void aRateAloneStartsTheOpenModel() {
        SwarmCommand command = SwarmForm.read(fields("rate", "100", "max_in_flight", "1", "arrivals", "poisson",
                "run_time", "2m"), TestCoordinator.LIMITS, LoadSpec.EMPTY);

        LoadModel.Open open = (LoadModel.Open) command.load();
        assertThat(open.describe()).isEqualTo("100/s");
        assertThat(open.maxInFlight()).isEqualTo(1);
        assertThat(open.arrivals()).isEqualTo(Arrivals.POISSON);
    }

    @Test
    void aRateWithADurationIsOneHeldStage() {
        LoadModel.Open open = (LoadModel.Open) SwarmForm.read(fields("stages", "50:30s", "arrivals", "even"),
                TestCoordinator.LIMITS, LoadSpec.EMPTY).load();

        assertThat(open.profile().durationNanos()).isEqualTo(30_000_000_000L);
        assertThat(open.profile().rateAt(1_000_000_000L)).isEqualTo(50);
    }

    @Test
    void badOpenModelFieldsAreNamed() {
        assertThatThrownBy(() -> SwarmForm.read(fields("rate", "fast"), TestCoordinator.LIMITS, LoadSpec.EMPTY)).hasMessageStartingWith("rate:");
        assertThatThrownBy(() -> SwarmForm.read(fields("rate", "10", "max_in_flight", "x"), TestCoordinator.LIMITS, LoadSpec.EMPTY))
                .hasMessageStartingWith("max_in_flight:");
    }
}
