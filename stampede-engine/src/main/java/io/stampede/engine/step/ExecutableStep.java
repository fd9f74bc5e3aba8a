package io.stampede.engine.step;

/** A step compiled for one scenario; shared by every user of the run, so stateless. */
@FunctionalInterface
public interface ExecutableStep {

    /**
     * Starts the step for a user and returns without blocking; {@code done} is called exactly
     * once when it ends (possibly before this method returns). A step that waits keeps only
     * small objects referenced from a timer or a pending request, never a thread.
     */
    void execute(UserContext user, StepCallback done);
}
