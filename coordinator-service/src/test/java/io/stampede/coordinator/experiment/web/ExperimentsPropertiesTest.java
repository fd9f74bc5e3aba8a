package io.stampede.coordinator.experiment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** {@code stampede.experiments.topology*} read into the settings the CLI's options give, and refused by name when wrong. */
class ExperimentsPropertiesTest {

    @Test
    void theTopologyIsOffByDefaultAndTakesTheCliOptionsSettings() {
        assertThat(new ExperimentsProperties(null, null, 10).topologySettings().deploys()).isFalse();
        var settings = new ExperimentsProperties(null, null, 10, " Kubernetes ", "suites", "registry.example.com/sw:1",
                Duration.ofSeconds(0)).topologySettings();
        assertThat(settings.deploys()).isTrue();
        assertThat(settings.kind()).isEqualTo("kubernetes");
        assertThat(settings.namespace()).isEqualTo("suites");
        assertThat(settings.sampleWorkload()).isEqualTo("registry.example.com/sw:1");
        assertThat(settings.readyTimeout()).isZero();
        assertThat(new ExperimentsProperties(null, null, 10, "local", "", " ", null).topologySettings())
                .satisfies(local -> {
                    assertThat(local.namespace()).isNull();
                    assertThat(local.sampleWorkload()).isNull();
                });
    }

    @Test
    void anUnknownKindOrANegativeTimeoutIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new ExperimentsProperties(null, null, 10, "cloud", null, null, null))
                .hasMessage("stampede.experiments.topology: expected none, local or kubernetes, got 'cloud'");
        assertThatThrownBy(() -> new ExperimentsProperties(null, null, 10, "local", null, null, Duration.ofSeconds(-1)))
                .hasMessage("stampede.experiments.topology-timeout: must be >= 0, got -1");
    }
}
