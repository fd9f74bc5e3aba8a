package io.stampede.coordinator.experiment.suite;

import java.util.LinkedHashMap;
import java.util.Map;

import io.stampede.coordinator.experiment.suite.SuiteNode.Mapping;
import io.stampede.coordinator.experiment.suite.SuiteNode.Member;

/** {@code metrics: {name: PromQL}}: each name becomes {@code metrics/<name>.json}. */
final class MetricsReader {

    private MetricsReader() {
    }

    static Map<String, String> read(SuiteNode node, SuiteReading reading) {
        Map<String, String> metrics = new LinkedHashMap<>();
        if (!(node instanceof Mapping mapping)) {
            reading.error(node.position(), "metrics", "expected a mapping of metric name to PromQL but got " + SuiteNode.describe(node));
            return metrics;
        }
        for (Member member : mapping.members()) {
            String key = "metrics." + member.key();
            if (!SafeName.isSafe(member.key())) {
                reading.error(member.keyPosition(), key, "the metric name " + SafeName.RULE);
            } else if (metrics.containsKey(member.key())) {
                reading.error(member.keyPosition(), key, "repeated metric name");
            } else {
                String promql = reading.string(member.value(), key);
                if (promql != null) {
                    metrics.put(member.key(), promql);
                }
            }
        }
        return metrics;
    }
}
