package io.stampede.core.scenario.read;

import io.stampede.core.scenario.Durations;
import io.stampede.core.scenario.Threshold;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.nodes.Node;

import static io.stampede.core.scenario.read.Grammar.DURATION;
import static io.stampede.core.scenario.read.Grammar.NUMBER;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.object;
import static io.stampede.core.scenario.read.Grammar.union;
import static io.stampede.core.scenario.read.Grammar.values;

/** Reads {@code thresholds:}; the steps they name must have been read before. */
final class ThresholdReader extends ConstructReader {

    static final ObjectType GRAMMAR = object("threshold", "A pass/fail criterion evaluated on the final stats.")
            .optional("request", STRING, "Stats row name; default the Aggregated row. Not for dropped_iterations"
                    + " and achieved_rate, which describe the whole run.")
            .required("metric", values(Threshold.Metric.class), "What is measured: p* are service times,"
                    + " corrected_p* are measured from each iteration's intended start (coordinated omission"
                    + " corrected); dropped_iterations and achieved_rate (iterations/s over the run) are open-model"
                    + " figures of the whole run.")
            .optional("lt", union(DURATION, NUMBER), "Must be below: a duration for times, a number for ratios, rates and counts.")
            .optional("le", union(DURATION, NUMBER), "Must be at most.")
            .optional("gt", union(DURATION, NUMBER), "Must be above.")
            .optional("ge", union(DURATION, NUMBER), "Must be at least.")
            .exactlyOne("lt", "le", "gt", "ge")
            .build();

    ThresholdReader(ReadContext context) {
        super(context);
    }

    Threshold threshold(Node node) {
        TypedMapping o = nodes.object(node, "threshold");
        if (o == null) {
            return null;
        }
        String request = nodes.string(o, "request");
        if (request != null && !context.statsNames.contains(request)) {
            nodes.error(o.value("request"), "no step is named '" + request + "'",
                    Hints.didYouMean(request, context.statsNames, "step names"));
            request = null;
        }
        Threshold.Metric metric = nodes.enumValue(o, "metric", Threshold.Metric.class, null);
        Threshold.Operator operator = null;
        String opKey = null;
        for (Threshold.Operator op : Threshold.Operator.values()) {
            if (o.has(Grammar.yamlName(op))) {
                operator = op;
                opKey = Grammar.yamlName(op);
            }
        }
        if (metric == null || operator == null) {
            return null;
        }
        if (metric.isRunWide() && request != null) {
            nodes.error(o.value("request"), Grammar.yamlName(metric) + " describes the whole run, not a request",
                    "remove request:");
            return null;
        }
        Node limitNode = o.value(opKey);
        String text = nodes.scalar(limitNode, "a number or a duration");
        if (text == null) {
            return null;
        }
        String metricName = Grammar.yamlName(metric);
        double value;
        try {
            if (metric.isTime()) {
                value = NodeReader.isNumber(limitNode) ? Double.parseDouble(text) : Durations.parse(text).toNanos() / 1e6;
            } else if (metric == Threshold.Metric.FAIL_RATIO && text.endsWith("%")) {
                value = Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100;
            } else {
                value = Double.parseDouble(text);
            }
        } catch (IllegalArgumentException e) {
            nodes.error(limitNode, "'" + text + "' is not a valid limit for " + metricName,
                    metric.isTime() ? "a duration like 500ms (or a number of milliseconds)"
                            : metric == Threshold.Metric.FAIL_RATIO ? "a ratio like 0.01 or 1%" : "a number");
            return null;
        }
        if (metric == Threshold.Metric.FAIL_RATIO && (value < 0 || value > 1)) {
            nodes.error(limitNode, "fail_ratio is between 0 and 1, got " + text, "0.01 or 1%");
            return null;
        }
        String sourceText = (request == null ? "" : request + " ") + metricName + " " + opKey + " " + text;
        return new Threshold(request, metric, operator, value, sourceText);
    }
}
