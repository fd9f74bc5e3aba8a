package io.stampede.engine.step;

import java.util.regex.Pattern;

import io.stampede.core.scenario.IfStep;
import io.stampede.engine.template.Template;
import io.stampede.engine.template.TemplateException;

/** Runs {@code then} or {@code otherwise} depending on a user variable. */
public final class IfStepExecutor implements StepExecutor<IfStep> {

    @Override
    public Class<IfStep> stepType() {
        return IfStep.class;
    }

    @Override
    public ExecutableStep compile(IfStep step, StepCompiler compiler) {
        StepSequence then = compiler.compileAll(step.then());
        StepSequence otherwise = compiler.compileAll(step.otherwise());
        Template value = compiler.template(step.value());
        IfStep.Operator operator = step.operator();
        if (value == null && operator != IfStep.Operator.EXISTS && operator != IfStep.Operator.MISSING) {
            throw new IllegalArgumentException("if: operator " + operator + " needs a value");
        }
        // A constant regex is compiled once here; a templated one per evaluation.
        Pattern constantPattern = operator == IfStep.Operator.MATCHES && value.isConstant()
                ? Pattern.compile(value.source()) : null;
        String variable = step.variable();
        return (user, done) -> {
            String actual = user.variable(variable);
            boolean holds;
            try {
                holds = switch (operator) {
                    case EXISTS -> actual != null;
                    case MISSING -> actual == null;
                    case EQUALS -> value.render(user).equals(actual);
                    case NOT_EQUALS -> !value.render(user).equals(actual);
                    case MATCHES -> actual != null
                            && (constantPattern != null ? constantPattern : Pattern.compile(value.render(user)))
                            .matcher(actual).find();
                };
            } catch (TemplateException e) {
                FailureLog.warn("if " + variable + ": " + e.getMessage(), null);
                done.complete(false);
                return;
            }
            (holds ? then : otherwise).run(user, done);
        };
    }
}
