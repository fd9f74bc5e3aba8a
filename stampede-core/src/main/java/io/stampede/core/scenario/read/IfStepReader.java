package io.stampede.core.scenario.read;

import io.stampede.core.scenario.IfStep;
import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;

import static io.stampede.core.scenario.read.Grammar.BOOLEAN;
import static io.stampede.core.scenario.read.Grammar.NAME;
import static io.stampede.core.scenario.read.Grammar.STEPS;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.TEMPLATE;
import static io.stampede.core.scenario.read.Grammar.object;

/** Reads {@code if:} steps. */
final class IfStepReader extends ConstructReader {

    static final ObjectType GRAMMAR = object("if", "Runs steps depending on a variable.")
            .required("variable", NAME, "The variable tested.")
            .optional("equals", TEMPLATE, "True when the variable equals this.")
            .optional("not_equals", TEMPLATE, "True when the variable differs from this.")
            .optional("matches", STRING, "True when the variable matches this regular expression.")
            .optional("exists", BOOLEAN, "true: when the variable is defined; false: when it is not.")
            .required("then", STEPS, "Steps run when the condition holds.")
            .optional("else", STEPS, "Steps run otherwise.")
            .exactlyOne("equals", "not_equals", "matches", "exists")
            .build();

    static final StepKind<IfStep> KIND = StepKind.of(IfStep.class, "Run steps depending on a variable.",
            List.of(GRAMMAR), (node, scope, context) -> new IfStepReader(context).ifStep(node, scope));

    IfStepReader(ReadContext context) {
        super(context);
    }

    IfStep ifStep(Node node, Scope scope) {
        TypedMapping o = nodes.object(node, "if");
        if (o == null) {
            return null;
        }
        String variable = nodes.name(o, "variable");
        IfStep.Operator operator = null;
        String value = null;
        if (o.has("equals")) {
            operator = IfStep.Operator.EQUALS;
            value = templates.template(o.value("equals"), scope);
        } else if (o.has("not_equals")) {
            operator = IfStep.Operator.NOT_EQUALS;
            value = templates.template(o.value("not_equals"), scope);
        } else if (o.has("matches")) {
            operator = IfStep.Operator.MATCHES;
            value = nodes.string(o, "matches");
            if (value != null && nodes.regex(o.value("matches"), value) == null) {
                value = null;
            }
        } else if (o.has("exists")) {
            Boolean exists = nodes.bool(o, "exists", null);
            operator = exists == null ? null : exists ? IfStep.Operator.EXISTS : IfStep.Operator.MISSING;
        }
        if (variable != null && operator != IfStep.Operator.EXISTS && operator != IfStep.Operator.MISSING
                && !scope.defines(variable)) {
            nodes.error(o.value("variable"), "undefined variable '" + variable + "'", templates.undefinedHint(variable, scope));
        }
        List<Step> then = context.steps(o.value("then"), scope);
        List<Step> otherwise = context.steps(o.value("else"), scope);
        if (variable == null || operator == null
                || (value == null && operator != IfStep.Operator.EXISTS && operator != IfStep.Operator.MISSING)) {
            return null;
        }
        return new IfStep(variable, operator, value, then, otherwise);
    }
}
