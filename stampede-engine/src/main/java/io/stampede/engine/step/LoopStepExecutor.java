package io.stampede.engine.step;


import io.stampede.core.scenario.LoopStep;
import io.stampede.engine.template.Template;
import io.stampede.engine.template.TemplateException;

/**
 * Repeats nested steps {@code count} times, or once per item of {@code over} with the item in
 * the loop variable. A failed nested step ends the loop and the task.
 */
public final class LoopStepExecutor implements StepExecutor<LoopStep> {

    @Override
    public Class<LoopStep> stepType() {
        return LoopStep.class;
    }

    @Override
    public ExecutableStep compile(LoopStep step, StepCompiler compiler) {
        if ((step.count() == null) == (step.over() == null)) {
            throw new IllegalArgumentException("loop: exactly one of count and over must be set");
        }
        StepSequence body = compiler.compileAll(step.steps());
        Template count = compiler.template(step.count());
        Template[] over = step.over() == null ? null : step.over().stream().map(Template::compile).toArray(Template[]::new);
        String variable = step.variable();
        return (user, done) -> {
            int times;
            if (count != null) {
                try {
                    times = Integer.parseInt(count.render(user).trim());
                } catch (NumberFormatException | TemplateException e) {
                    FailureLog.warn("loop count '" + count + "' is not an integer: " + e.getMessage(), null);
                    done.complete(false);
                    return;
                }
            } else {
                times = over.length;
            }
            new Iteration(body, over, variable, times, user, done).next();
        };
    }

    /** The state of one loop execution; exists only while the loop runs. */
    private static final class Iteration implements StepCallback {

        private final StepSequence body;
        private final Template[] over;
        private final String variable;
        private final int times;
        private final UserContext user;
        private final StepCallback done;
        private int index;

        Iteration(StepSequence body, Template[] over, String variable, int times, UserContext user, StepCallback done) {
            this.body = body;
            this.over = over;
            this.variable = variable;
            this.times = times;
            this.user = user;
            this.done = done;
        }

        void next() {
            if (index >= times) {
                done.complete(true);
                return;
            }
            if (user.halted()) {
                done.complete(false);
                return;
            }
            if (over != null && variable != null) {
                try {
                    user.setVariable(variable, over[index].render(user));
                } catch (TemplateException e) {
                    FailureLog.warn("loop item '" + over[index] + "': " + e.getMessage(), null);
                    done.complete(false);
                    return;
                }
            } else if (variable != null) {
                user.setVariable(variable, Integer.toString(index)); // count loop: the 0-based index
            }
            index++;
            body.run(user, this);
        }

        @Override
        public void complete(boolean success) {
            if (!success) {
                done.complete(false);
            } else {
                // Hop through the event loop so a body of instant steps cannot grow the stack.
                user.dispatch(this::next);
            }
        }
    }

}
