package io.stampede.core.scenario;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.stampede.core.load.Arrivals;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.RateShape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The scenario's {@code load:} section: every workload model, and every mistake with its position. */
class LoadSectionTest {

    private static final String USERS = "users:\n  - name: u\n    tasks:\n      - steps:\n          - think: 1s\n";

    private static Scenario parse(String load) {
        return ScenarioParser.parse("name: t\n" + load + USERS, "s.yaml");
    }

    private static String errors(String load) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioParser.parse("name: t\n" + load + USERS, "s.yaml"));
        assertThat(e).as("expected the scenario to be rejected").isNotNull();
        return e.getMessage();
    }

    @Test
    void noSectionIsTheDefaultClosedModel() {
        assertThat(parse("").load().toModel()).isEqualTo(new LoadModel.Closed(1, 1));
    }

    @Test
    void closedModel() {
        assertThat(parse("load: {users: 50, spawn_rate: 5}\n").load().toModel()).isEqualTo(new LoadModel.Closed(50, 5));
    }

    @Test
    void constantRateWithCap() {
        LoadModel.Open open = (LoadModel.Open) parse("load: {rate: 500/s, max_in_flight: 64, arrivals: poisson}\n")
                .load().toModel();
        assertThat(open.shape()).isEqualTo(new RateShape.Constant(500, null));
        assertThat(open.maxInFlight()).isEqualTo(64);
        assertThat(open.arrivals()).isEqualTo(Arrivals.POISSON);
    }

    @Test
    void stagesHoldAndRamp() {
        LoadModel.Open open = (LoadModel.Open) parse("""
                load:
                  stages:
                    - {rate: 100/s, duration: 30s}
                    - {target: 400/s, duration: 1m}
                """).load().toModel();
        assertThat(((RateShape.Stages) open.shape()).stages()).containsExactly(
                new RateShape.Stage(100, Duration.ofSeconds(30), false),
                new RateShape.Stage(400, Duration.ofMinutes(1), true));
    }

    @Test
    void stairs() {
        LoadModel.Open open = (LoadModel.Open) parse(
                "load: {stairs: {start: 100/s, step: 50/s, every: 30s, until: 400/s}}\n").load().toModel();
        assertThat(open.shape()).isEqualTo(new RateShape.Stairs(100, 50, Duration.ofSeconds(30), 400));
    }

    @Test
    void mistakesAreReportedWhereTheyAre() {
        assertThat(errors("load: {rate: -1}\n"))
                .isEqualTo("s.yaml:2:14: '-1' is not a rate (write e.g. 500/s, 30/m or 500) (hint: e.g. 500/s, 30/m, or a number of iterations per second)");
        assertThat(errors("load: {users: 10, rate: 5/s}\n"))
                .startsWith("s.yaml:2:15: users: conflicts with an arrival rate");
        assertThat(errors("load:\n  stages:\n    - {rate: 100/s}\n"))
                .isEqualTo("s.yaml:4:7: missing key 'duration' in stage (hint: add duration: How long the stage lasts.)");
        assertThat(errors("load: {stairs: {start: 400/s, step: 50/s, every: 10s, until: 100/s}}\n"))
                .isEqualTo("s.yaml:2:16: stairs: until: 100/s is below start 400/s");
        assertThat(errors("load: {rate: 5/s, stages: []}\n")).contains("load needs at most one of rate, stages, stairs");
        assertThat(errors("load: {max_in_flight: 4}\n"))
                .isEqualTo("s.yaml:2:23: max_in_flight: only with an arrival rate (rate, stages or stairs)");
        assertThat(errors("load: {rat: 5/s}\n")).contains("unknown key 'rat' in load").contains("rate");
    }
}
