package io.stampede.core.scenario.read;

import io.stampede.core.scenario.LoopStep;
import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;

import static io.stampede.core.scenario.read.Grammar.INTEGER;
import static io.stampede.core.scenario.read.Grammar.NAME;
import static io.stampede.core.scenario.read.Grammar.STEPS;
import static io.stampede.core.scenario.read.Grammar.TEMPLATE;
import static io.stampede.core.scenario.read.Grammar.list;
import static io.stampede.core.scenario.read.Grammar.object;
import static io.stampede.core.scenario.read.Grammar.union;

/** Reads {@code loop:} steps; the loop variable is defined inside the loop only. */
final class LoopStepReader extends ConstructReader {

    static final ObjectType GRAMMAR = object("loop", "Repeats steps a number of times, or once per item of a list.")
            .optional("count", union(INTEGER, TEMPLATE), "How many times (a number or a template giving one).")
            .optional("over", list(TEMPLATE), "The items; each one is put in the variable named by 'as'.")
            .optional("as", NAME, "The item variable's name; default item.")
            .required("steps", STEPS, "The steps repeated.")
            .exactlyOne("count", "over")
            .build();

    static final StepKind<LoopStep> KIND = StepKind.of(LoopStep.class, "Repeat steps a number of times or over a list.",
            List.of(GRAMMAR), (node, scope, context) -> new LoopStepReader(context).loop(node, scope));

    LoopStepReader(ReadContext context) {
        super(context);
    }

    LoopStep loop(Node node, Scope scope) {
        TypedMapping o = nodes.object(node, "loop");
        if (o == null) {
            return null;
        }
        String count = null;
        List<String> over = null;
        Node countNode = o.value("count");
        if (countNode != null) {
            count = templates.template(countNode, scope);
            if (count != null && !count.contains("${")) {
                try {
                    if (Integer.parseInt(count.strip()) < 0) {
                        nodes.error(countNode, "count must not be negative, got " + count, null);
                    }
                } catch (NumberFormatException e) {
                    nodes.error(countNode, "count must be a whole number or a template giving one, got '" + count + "'", "count: 10");
                }
            }
        }
        if (o.has("over")) {
            over = new ArrayList<>();
            for (Node n : nodes.list(o.value("over"), "a list of items")) {
                String item = templates.template(n, scope);
                if (item != null) {
                    over.add(item);
                }
            }
        }
        String variable = o.has("as") ? nodes.name(o, "as") : (over != null ? "item" : null);
        boolean wasDefined = variable != null && scope.names.contains(variable);
        if (variable != null) {
            scope.names.add(variable);
        }
        List<Step> steps = context.steps(o.value("steps"), scope);
        if (variable != null && !wasDefined) {
            scope.names.remove(variable); // the loop variable lives inside the loop only
        }
        if (count == null && over == null) {
            return null;
        }
        return new LoopStep(count, over, variable, steps);
    }
}
