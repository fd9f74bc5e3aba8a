package io.stampede.core.scenario.read;

import io.stampede.core.scenario.Step;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the readers of one scenario share: node access and errors, template checking, the
 * scenario's folder, and what later parts refer back to (the stats names thresholds name).
 * Reads step lists for the constructs that nest steps (users, tasks, loop, if, setup).
 */
final class ReadContext {

    final NodeReader nodes;
    final TemplateChecker templates;
    /** Where feeder files are looked for; null when parsing text without a file. */
    final Path folder;
    /** Stats row names declared by steps, for thresholds. */
    final Set<String> statsNames = new LinkedHashSet<>();

    ReadContext(String source, Path folder) {
        this.nodes = new NodeReader(source);
        this.templates = new TemplateChecker(nodes);
        this.folder = folder;
    }

    List<Step> steps(Node node, Scope scope) {
        List<Step> steps = new ArrayList<>();
        for (Node n : nodes.list(node, "a list of steps")) {
            Step s = step(n, scope);
            if (s != null) {
                steps.add(s);
            }
        }
        return steps;
    }

    /** A step is a mapping with one kind's key; the grammar has reported a step with none or several. */
    private Step step(Node node, Scope scope) {
        TypedMapping o = nodes.object(node, "step");
        if (o == null) {
            return null;
        }
        Step step = null;
        for (String kind : o.keys()) {
            Step s = StepKinds.named(kind).reader().read(o.value(kind), scope, this);
            step = step == null ? s : step;
        }
        return step;
    }
}
