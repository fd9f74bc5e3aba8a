package io.stampede.coordinator.experiment.suite;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.experiment.topology.BackendsMap;

/**
 * A validated experiment suite: tests run one after another, the PromQL captured after each.
 *
 * @param name        the suite's name: its {@code name:} or the file name without extension
 * @param source      the file it was read from, for messages
 * @param entries     the tests in file order
 * @param metrics     metric name → PromQL, in file order
 * @param backendsMap the topology to deploy; null when the suite has none
 */
public record Suite(String name, String source, List<SuiteEntry> entries, Map<String, String> metrics,
                    BackendsMap backendsMap) {

    public Suite {
        entries = List.copyOf(entries);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * How many runs the suite makes: every repeat of every fixed-rate test, and one per capacity
     * search (whose step count is only known as it goes).
     */
    public int runCount() {
        return entries.stream().mapToInt(entry -> switch (entry) {
            case FixedRateTest test -> test.repeats();
            case SearchTest search -> 1;
        }).sum();
    }

    /**
     * The suite with the deployed topology's entry URL in place of the entry node's name: a url
     * test whose host is the entry node's name ({@code http://0/path}; the harness names nodes
     * "0", "1", ...) or its harness Service ({@code http://service-0.tls-e2e.svc.cluster.local:9080/})
     * targets the deployed entry node.
     */
    public Suite withEntry(String entryNode, URI entry) {
        List<SuiteEntry> resolved = entries.stream().map(item -> switch (item) {
            case FixedRateTest test -> test.url() != null && EntryUrl.names(test.url(), entryNode)
                    ? test.withUrl(EntryUrl.substitute(test.url(), entry)) : test;
            case SearchTest search -> search.url() != null && EntryUrl.names(search.url(), entryNode)
                    ? search.withUrl(EntryUrl.substitute(search.url(), entry)) : search;
        }).map(SuiteEntry.class::cast).toList();
        return new Suite(name, source, resolved, metrics, backendsMap);
    }
}
