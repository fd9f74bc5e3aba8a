package io.stampede.coordinator.experiment.suite;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stampede.coordinator.experiment.search.SearchPlan;
import io.stampede.coordinator.experiment.search.Slo;
import io.stampede.coordinator.experiment.suite.SuiteNode.Member;
import io.stampede.core.load.Rate;

/**
 * The {@code search:} mapping of a capacity-search entry:
 * <pre>
 * search:
 *   start_rate: 10          # iterations/s of the first step (required)
 *   growth: 2               # each ramp step multiplies the rate by this (default 2; 1 with increment)
 *   increment: 50           # ... and/or adds this (default 0)
 *   max_rate: 2000          # never above this (required)
 *   hold: 30s               # each step's duration, long enough to be steady (required)
 *   precision_percent: 5    # bisect until first bad and last good are this close (default 5)
 *   max_steps: 20           # step budget, warm-up not counted (default 20)
 *   min_rate: 100           # the entry passes when at least this is sustainable (optional)
 *   slo:
 *     p99_ms: 200           # required
 *     latency: corrected    # or raw (default corrected: measured from each request's intended start)
 *     fail_percent: 1       # default 1
 *     achieved_percent: 95  # default 95
 * </pre>
 */
final class SearchReader {

    static final Set<String> KEYS = new LinkedHashSet<>(List.of("start_rate", "growth", "increment", "max_rate", "hold",
            "precision_percent", "max_steps", "min_rate", "slo"));
    static final Set<String> SLO_KEYS = new LinkedHashSet<>(List.of("p99_ms", "latency", "fail_percent", "achieved_percent"));
    static final int MAX_STEPS = 1000;

    /** What the {@code search:} mapping holds, ready for a {@link SearchTest}. */
    record Parts(SearchPlan plan, Slo slo, Double minRate) {
    }

    private SearchReader() {
    }

    /** The search's parts, or null when it has errors (reported). */
    static Parts read(SuiteNode node, String key, Duration warmUp, SuiteReading reading) {
        Map<String, Member> members = reading.mapping(node, key, KEYS);
        if (members == null) {
            return null;
        }
        int errorsBefore = reading.errors().size();
        Double startRate = required(members, "start_rate", node, key, "the first step's rate (iterations/s)", reading,
                n -> reading.positiveNumber(n, key + ".start_rate", Rate.MAX_PER_SECOND));
        Double maxRate = required(members, "max_rate", node, key, "the highest rate to try (iterations/s)", reading,
                n -> reading.positiveNumber(n, key + ".max_rate", Rate.MAX_PER_SECOND));
        Duration hold = required(members, "hold", node, key, "how long each step runs, e.g. \"30s\"", reading,
                n -> reading.duration(n, key + ".hold", false));
        Double increment = optional(members, "increment", n -> reading.number(n, key + ".increment", 0, Rate.MAX_PER_SECOND));
        Double growth = optional(members, "growth", n -> reading.number(n, key + ".growth", 1, 1000));
        double factor = growth != null ? growth : increment != null && increment > 0 ? 1 : 2;
        double step = increment != null ? increment : 0;
        if (factor == 1 && step == 0 && members.containsKey("growth") && growth != null) {
            reading.error(members.get("growth").value().position(), key + ".growth",
                    "growth 1 needs an increment above 0, else the rate never rises");
        }
        Double precision = optional(members, "precision_percent",
                n -> reading.number(n, key + ".precision_percent", 0.1, 50));
        Integer maxSteps = optional(members, "max_steps", n -> reading.wholeNumber(n, key + ".max_steps", 1, MAX_STEPS));
        Double minRate = optional(members, "min_rate", n -> reading.positiveNumber(n, key + ".min_rate", Rate.MAX_PER_SECOND));
        if (startRate != null && maxRate != null && maxRate < startRate) {
            reading.error(members.get("max_rate").value().position(), key + ".max_rate",
                    "must be at least start_rate (" + startRate + "), got " + maxRate);
        }
        if (minRate != null && maxRate != null && minRate > maxRate) {
            reading.error(members.get("min_rate").value().position(), key + ".min_rate",
                    "must be at most max_rate (" + maxRate + "): the search never tries above it, got " + minRate);
        }
        Slo slo = null;
        if (!members.containsKey("slo")) {
            reading.error(node.position(), key + ".slo", "missing: what a sustainable step is (slo: {p99_ms: 200})");
        } else {
            slo = slo(members.get("slo").value(), key + ".slo", reading);
        }
        if (reading.errors().size() > errorsBefore) {
            return null;
        }
        SearchPlan plan = new SearchPlan(startRate, factor, step, maxRate,
                precision != null ? precision / 100 : SearchPlan.DEFAULT_PRECISION, hold,
                maxSteps != null ? maxSteps : SearchPlan.DEFAULT_MAX_PROBES, warmUp);
        return new Parts(plan, slo, minRate);
    }

    private static Slo slo(SuiteNode node, String key, SuiteReading reading) {
        Map<String, Member> members = reading.mapping(node, key, SLO_KEYS);
        if (members == null) {
            return null;
        }
        Double p99 = required(members, "p99_ms", node, key, "the highest acceptable p99 in milliseconds", reading,
                n -> reading.positiveNumber(n, key + ".p99_ms", 86_400_000));
        Boolean corrected = true;
        if (members.containsKey("latency")) {
            String latency = reading.string(members.get("latency").value(), key + ".latency");
            corrected = "corrected".equals(latency) ? Boolean.TRUE : "raw".equals(latency) ? Boolean.FALSE : null;
            if (latency != null && corrected == null) {
                reading.error(members.get("latency").value().position(), key + ".latency",
                        "expected corrected or raw but got '" + latency + "'");
            }
        }
        Double fail = optional(members, "fail_percent", n -> reading.number(n, key + ".fail_percent", 0, 100));
        Double achieved = optional(members, "achieved_percent", n -> reading.number(n, key + ".achieved_percent", 0, 100));
        if (p99 == null || corrected == null || members.containsKey("fail_percent") && fail == null
                || members.containsKey("achieved_percent") && achieved == null) {
            return null;
        }
        return new Slo(p99, corrected, fail != null ? fail / 100 : Slo.DEFAULT_MAX_FAIL_RATIO,
                achieved != null ? achieved / 100 : Slo.DEFAULT_MIN_ACHIEVED_RATIO);
    }

    private static <T> T required(Map<String, Member> members, String name, SuiteNode node, String key, String what,
                                  SuiteReading reading, java.util.function.Function<SuiteNode, T> read) {
        if (!members.containsKey(name)) {
            reading.error(node.position(), key + "." + name, "missing: " + what);
            return null;
        }
        return read.apply(members.get(name).value());
    }

    private static <T> T optional(Map<String, Member> members, String name, java.util.function.Function<SuiteNode, T> read) {
        return members.containsKey(name) ? read.apply(members.get(name).value()) : null;
    }
}
