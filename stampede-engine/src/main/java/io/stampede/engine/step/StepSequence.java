package io.stampede.engine.step;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Steps run one after the other; the first failure ends the sequence. Steps that complete
 * synchronously are run in a loop, not by recursion, so long loops of instant steps cannot
 * overflow the stack.
 */
public final class StepSequence {

    public static final StepSequence EMPTY = new StepSequence(new ExecutableStep[0]);

    private final ExecutableStep[] steps;

    public StepSequence(ExecutableStep[] steps) {
        this.steps = steps;
    }

    public static StepSequence of(List<ExecutableStep> steps) {
        return steps.isEmpty() ? EMPTY : new StepSequence(steps.toArray(ExecutableStep[]::new));
    }

    public boolean isEmpty() {
        return steps.length == 0;
    }

    public int size() {
        return steps.length;
    }

    public void run(UserContext user, StepCallback done) {
        if (steps.length == 0) {
            done.complete(true);
            return;
        }
        new Run(steps, user, done).drive();
    }

    /** The state of one pass through the sequence; exists only while the pass runs. */
    private static final class Run implements StepCallback {

        private static final int IN_CALL = 0;
        private static final int COMPLETED_IN_CALL = 1;
        private static final int ASYNC = 2;
        private static final AtomicIntegerFieldUpdater<Run> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Run.class, "state");

        private final ExecutableStep[] steps;
        private final UserContext user;
        private final StepCallback done;
        private int index;
        private volatile int state;
        private volatile boolean lastSuccess;

        Run(ExecutableStep[] steps, UserContext user, StepCallback done) {
            this.steps = steps;
            this.user = user;
            this.done = done;
        }

        void drive() {
            while (true) {
                if (index == steps.length) {
                    done.complete(true);
                    return;
                }
                if (user.halted()) {
                    done.complete(false);
                    return;
                }
                ExecutableStep step = steps[index++];
                state = IN_CALL;
                try {
                    step.execute(user, this);
                } catch (RuntimeException e) {
                    // An executor bug must not kill the user silently: the task ends as failed.
                    FailureLog.warn("step " + step + " threw", e);
                    if (STATE.compareAndSet(this, IN_CALL, COMPLETED_IN_CALL)) {
                        lastSuccess = false;
                    }
                }
                if (STATE.compareAndSet(this, IN_CALL, ASYNC)) {
                    return; // complete() continues the sequence
                }
                if (!lastSuccess) {
                    done.complete(false);
                    return;
                }
            }
        }

        @Override
        public void complete(boolean success) {
            lastSuccess = success;
            if (STATE.compareAndSet(this, IN_CALL, COMPLETED_IN_CALL)) {
                return; // drive() is still on the stack and goes on
            }
            if (!success) {
                done.complete(false);
            } else {
                drive();
            }
        }
    }
}
