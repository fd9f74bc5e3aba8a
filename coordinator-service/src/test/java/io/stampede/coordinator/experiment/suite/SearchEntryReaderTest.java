package io.stampede.coordinator.experiment.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.coordinator.experiment.search.SearchPlan;
import io.stampede.coordinator.experiment.search.Slo;
import io.stampede.core.load.LoadModel;

/** The {@code search:} entry of a suite: its knobs and defaults, and its errors with file:line:column. */
class SearchEntryReaderTest {

    @TempDir
    Path dir;

    Suite read(String text) throws IOException {
        Path file = dir.resolve("search.yaml");
        Files.writeString(file, text);
        return SuiteReader.read(file);
    }

    List<String> errors(String text) {
        try {
            read(text);
        } catch (SuiteException e) {
            return e.errors().stream().map(error -> error.toString().replace(dir.toString(), "DIR")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error for " + text);
    }

    @Test
    void aSearchEntryWithEveryKnob() throws IOException {
        Suite suite = read("""
                defaults: {c: 64, warm_up: 10s, cool_down: 2s, qps: 5, t: 1s}
                load_tests:
                  - {test_name: fixed, url: "http://127.0.0.1:8080/", qps: 10}
                  - test_name: knee
                    url: http://0/mesh
                    c: 32
                    step: 5s
                    search:
                      start_rate: 10
                      growth: 1.5
                      increment: 5
                      max_rate: 2000
                      hold: 30s
                      precision_percent: 2.5
                      max_steps: 12
                      min_rate: 150
                      slo: {p99_ms: 250, latency: raw, fail_percent: 0.5, achieved_percent: 90}
                """);
        assertThat(suite.entries()).hasSize(2);
        SearchTest knee = (SearchTest) suite.entries().get(1);
        assertThat(knee.testName()).isEqualTo("knee");
        assertThat(knee.connections()).isEqualTo(32);
        assertThat(knee.coolDown()).isEqualTo(Duration.ofSeconds(2));
        assertThat(knee.step()).isEqualTo(Duration.ofSeconds(5));
        assertThat(knee.minRate()).isEqualTo(150.0);
        assertThat(knee.plan()).isEqualTo(new SearchPlan(10, 1.5, 5, 2000, 0.025, Duration.ofSeconds(30), 12,
                Duration.ofSeconds(10)));
        assertThat(knee.slo()).isEqualTo(new Slo(250, false, 0.005, 0.90));
        assertThat(suite.runCount()).as("a search counts as one run, whatever its steps").isEqualTo(2);

        // the deployed topology's entry replaces node "0" in a search's url too
        Suite deployed = suite.withEntry("0", URI.create("http://127.0.0.1:40123"));
        assertThat(((SearchTest) deployed.entries().get(1)).url()).isEqualTo("http://127.0.0.1:40123/mesh");
        assertThat(((SearchTest) deployed.entries().get(1)).scenario().yaml()).contains("http://127.0.0.1:40123/mesh");
    }

    @Test
    void defaultsDoubleToFivePercentWithTheDefaultSlo() throws IOException {
        Suite suite = read("""
                load_tests:
                  - test_name: knee
                    url: http://127.0.0.1:8080/
                    search: {start_rate: 50, max_rate: 800, hold: 20s, slo: {p99_ms: 200}}
                  - test_name: additive
                    url: http://127.0.0.1:8080/
                    search: {start_rate: 50, increment: 50, max_rate: 800, hold: 20s, slo: {p99_ms: 200}}
                """);
        SearchTest knee = (SearchTest) suite.entries().get(0);
        assertThat(knee.plan()).isEqualTo(SearchPlan.doubling(50, 800, Duration.ofSeconds(20)));
        assertThat(knee.slo()).isEqualTo(Slo.p99AtMost(200));
        assertThat(knee.minRate()).isNull();
        assertThat(knee.connections()).isEqualTo(LoadModel.Open.DEFAULT_MAX_IN_FLIGHT);
        SearchTest additive = (SearchTest) suite.entries().get(1);
        assertThat(additive.plan().factor()).isEqualTo(1);
        assertThat(additive.plan().step()).isEqualTo(50);
    }

    @Test
    void searchErrorsNameFileLineColumnAndKey() {
        assertThat(errors("""
                load_tests:
                  - test_name: knee
                    url: http://127.0.0.1:8080/
                    qps: 10
                    search:
                      start_rate: 0
                      max_rate: 100
                      hold: forever
                      growth: 1
                      precision_percent: 80
                      min_rate: 500
                      sideways: 1
                      slo: {latency: fast, fail_percent: 120}
                  - test_name: noslo
                    url: http://127.0.0.1:8080/
                    search: {start_rate: 200, max_rate: 100, hold: 1s}
                """)).containsExactly(
                "DIR/search.yaml:4:5: load_tests[0].qps: not for a search entry: the search sets the rate and how long each step holds",
                "DIR/search.yaml:6:19: load_tests[0].search.start_rate: expected a number above 0 and at most 10000000 but got number 0",
                "DIR/search.yaml:8:13: load_tests[0].search.hold: expected a duration above 0 such as \"30s\", \"2m\", \"1m30s\", \"500ms\""
                        + " or a number of seconds, but got the string 'forever'",
                "DIR/search.yaml:9:15: load_tests[0].search.growth: growth 1 needs an increment above 0, else the rate never rises",
                "DIR/search.yaml:10:26: load_tests[0].search.precision_percent: expected a number from 0.1 to 50 but got number 80",
                "DIR/search.yaml:11:17: load_tests[0].search.min_rate: must be at most max_rate (100.0): the search never tries above it,"
                        + " got 500.0",
                "DIR/search.yaml:12:7: load_tests[0].search.sideways: unknown key (allowed: start_rate, growth, increment, max_rate, hold,"
                        + " precision_percent, max_steps, min_rate, slo)",
                "DIR/search.yaml:13:12: load_tests[0].search.slo.p99_ms: missing: the highest acceptable p99 in milliseconds",
                "DIR/search.yaml:13:22: load_tests[0].search.slo.latency: expected corrected or raw but got 'fast'",
                "DIR/search.yaml:13:42: load_tests[0].search.slo.fail_percent: expected a number from 0 to 100 but got number 120",
                "DIR/search.yaml:16:13: load_tests[1].search.slo: missing: what a sustainable step is (slo: {p99_ms: 200})",
                "DIR/search.yaml:16:41: load_tests[1].search.max_rate: must be at least start_rate (200.0), got 100.0");
    }
}
