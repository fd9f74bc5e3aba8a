package io.stampede.core.scenario.read;

import io.stampede.core.scenario.ThinkStep;
import io.stampede.core.scenario.read.Grammar.ListOf;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import io.stampede.core.scenario.read.Grammar.Ref;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.Duration;
import java.util.List;

import static io.stampede.core.scenario.read.Grammar.DURATION;
import static io.stampede.core.scenario.read.Grammar.object;
import static io.stampede.core.scenario.read.Grammar.union;

/** Reads {@code think:} steps: a duration, or {@code {between: [min, max]}}. */
final class ThinkStepReader extends ConstructReader {

    static final ObjectType GRAMMAR = object("think", "A random pause.")
            .required("between", new ListOf(DURATION, 2, 2), "[min, max].")
            .build();

    static final StepKind<ThinkStep> KIND = new StepKind<>("think", ThinkStep.class,
            "A pause: a duration or {between: [min, max]}.", union(DURATION, new Ref("think")), List.of(GRAMMAR),
            (node, scope, context) -> new ThinkStepReader(context).think(node));

    ThinkStepReader(ReadContext context) {
        super(context);
    }

    ThinkStep think(Node node) {
        if (node instanceof ScalarNode) {
            Duration d = nodes.durationValue(node);
            return d == null ? null : new ThinkStep(d, d);
        }
        TypedMapping o = nodes.object(node, "think");
        if (o == null) {
            return null;
        }
        Duration[] range = nodes.durationRange(o.value("between"));
        return range == null ? null : new ThinkStep(range[0], range[1]);
    }
}
