package io.stampede.engine.step;

import java.util.List;

import io.stampede.core.scenario.HttpSettings;
import io.stampede.core.scenario.Step;
import io.stampede.engine.template.Template;

/** What an executor can use while compiling a step: nested steps and templates. */
public interface StepCompiler {

    ExecutableStep compile(Step step);

    StepSequence compileAll(List<Step> steps);

    /**
     * How the scenario's HTTP requests connect (its {@code http:} section); {@link HttpSettings#DEFAULT}
     * when compiling without a run (validation), so no file named there is read then.
     */
    default HttpSettings http() {
        return HttpSettings.DEFAULT;
    }

    /** null stays null */
    default Template template(String text) {
        return text == null ? null : Template.compile(text);
    }
}
