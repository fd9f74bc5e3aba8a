package io.stampede.core.load;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadSpecTest {

    private static LoadSpec rate(double perSecond) {
        return new LoadSpec(null, null, perSecond, null, null, null, null, null, null);
    }

    @Test
    void nothingGivenIsLocustsDefaultClosedModel() {
        assertThat(LoadSpec.EMPTY.toModel()).isEqualTo(new LoadModel.Closed(1, 1));
    }

    @Test
    void aRateGivesTheOpenModelWithBoundedDefaults() {
        LoadModel.Open open = (LoadModel.Open) rate(500).toModel();
        assertThat(open.shape()).isEqualTo(new RateShape.Constant(500, null));
        assertThat(open.arrivals()).isEqualTo(Arrivals.EVEN);
        assertThat(open.maxQueue()).isEqualTo(LoadModel.Open.DEFAULT_MAX_QUEUE);
    }

    @Test
    void theCommandLineOverridesTheScenarioModelWithoutAConflict() {
        LoadSpec scenario = new LoadSpec(null, null, 500.0, null, null, null, 64, null, null);
        assertThat(scenario.overriddenBy(LoadSpec.closed(10, 2.0)).toModel()).isEqualTo(new LoadModel.Closed(10, 2));
        LoadSpec cliTuning = new LoadSpec(null, null, null, null, null, null, 8, null, Arrivals.POISSON);
        LoadModel.Open open = (LoadModel.Open) scenario.overriddenBy(cliTuning).toModel();
        assertThat(open.maxInFlight()).isEqualTo(8);
        assertThat(open.arrivals()).isEqualTo(Arrivals.POISSON);
        assertThat(((LoadModel.Open) new LoadSpec(5, null, null, null, null, null, null, null, null)
                .overriddenBy(rate(100)).toModel()).maxInFlight()).isEqualTo(LoadModel.Open.DEFAULT_MAX_IN_FLIGHT);
    }

    @Test
    void conflictsNameTheField() {
        assertThatThrownBy(() -> new LoadSpec(10, null, 500.0, null, null, null, null, null, null).toModel())
                .isInstanceOfSatisfying(LoadSpecException.class, e -> assertThat(e.field()).isEqualTo("users"));
        assertThatThrownBy(() -> new LoadSpec(null, 5.0, 500.0, null, null, null, null, null, null).toModel())
                .isInstanceOfSatisfying(LoadSpecException.class, e -> assertThat(e.field()).isEqualTo("spawn_rate"));
        assertThatThrownBy(() -> new LoadSpec(null, null, null, null, null, null, 5, null, null).toModel())
                .isInstanceOfSatisfying(LoadSpecException.class, e -> assertThat(e.field()).isEqualTo("max_in_flight"));
        assertThatThrownBy(() -> rate(-1).toModel())
                .isInstanceOfSatisfying(LoadSpecException.class, e -> assertThat(e.field()).isEqualTo("rate"));
        assertThatThrownBy(() -> new LoadSpec(null, null, 5.0, null, null, null, 0, null, null).toModel())
                .isInstanceOfSatisfying(LoadSpecException.class, e -> assertThat(e.field()).isEqualTo("max_in_flight"));
    }

    @Test
    void stagesParseHoldsAndRampsAndRefuseARateWithoutDuration() {
        assertThat(LoadSpec.parseStages("100/s:30s, ->400/s:1m,0/s:5s")).containsExactly(
                new RateShape.Stage(100, Duration.ofSeconds(30), false),
                new RateShape.Stage(400, Duration.ofMinutes(1), true),
                new RateShape.Stage(0, Duration.ofSeconds(5), false));
        assertThatThrownBy(() -> LoadSpec.parseStages("100/s")).hasMessageContaining("stages: stage 1")
                .hasMessageContaining("no duration");
        assertThatThrownBy(() -> LoadSpec.parseStages("100/s:-1s")).hasMessageContaining("not a duration");
    }

    @Test
    void stairsParseAndRefuseGoingDown() {
        assertThat(LoadSpec.parseStairs("100/s,50/s,30s,400/s"))
                .isEqualTo(new RateShape.Stairs(100, 50, Duration.ofSeconds(30), 400));
        assertThatThrownBy(() -> LoadSpec.parseStairs("400/s,50/s,30s,100/s")).hasMessageContaining("stairs: until");
        assertThatThrownBy(() -> LoadSpec.parseStairs("1,2")).hasMessageContaining("START,STEP,EVERY,UNTIL");
    }

    @Test
    void stagesStartAtTheFirstStagesRate() {
        LoadModel.Open open = (LoadModel.Open) new LoadSpec(null, null, null, null,
                List.of(new RateShape.Stage(100, Duration.ofSeconds(10), false),
                        new RateShape.Stage(200, Duration.ofSeconds(10), true)), null, null, null, null).toModel();
        assertThat(open.profile().rateAt(0)).isEqualTo(100);
        assertThat(open.profile().rateAt(15_000_000_000L)).isEqualTo(150);
        assertThat(LoadSpec.parseArrivals("Poisson")).isEqualTo(Arrivals.POISSON);
        assertThatThrownBy(() -> LoadSpec.parseArrivals("bursty")).hasMessageContaining("arrivals");
    }
}
