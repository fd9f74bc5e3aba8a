package io.stampede.coordinator.experiment.suite;

import java.nio.file.Path;
import java.time.Duration;

import io.stampede.coordinator.experiment.search.SearchPlan;
import io.stampede.coordinator.experiment.search.Slo;
import io.stampede.coordinator.run.ScenarioSource;

/**
 * A capacity search (a {@code search:} entry): open-model steps at rising rates until the SLO
 * breaks, then bisection to the highest sustainable rate; each step is recorded like a run.
 *
 * @param testName     results go under {@code <test_name>/}
 * @param url          the URL every iteration GETs; null for a scenario test
 * @param scenarioFile the scenario file of a scenario test; null for a url test
 * @param scenario     what the workers run: the scenario file, or a one-step GET of the url
 * @param connections  at most this many iterations in flight in every step
 * @param plan         rates, hold per step, precision, step budget and warm-up
 * @param slo          what a sustainable step is
 * @param minRate      the rate the target must sustain for the entry to pass; null: none required
 * @param coolDown     pause after each step before the next one; zero for none
 * @param step         the Prometheus range-query resolution
 */
public record SearchTest(String testName, String url, Path scenarioFile, ScenarioSource scenario, int connections,
                         SearchPlan plan, Slo slo, Double minRate, Duration coolDown, Duration step) implements SuiteEntry {

    /** The same search against another URL (a url test only). */
    public SearchTest withUrl(String newUrl) {
        return new SearchTest(testName, newUrl, null, UrlScenario.of(testName, newUrl), connections, plan, slo, minRate,
                coolDown, step);
    }
}
