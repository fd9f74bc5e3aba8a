package io.stampede.engine.step;

/** Continuation of a step: called exactly once, on any thread. */
@FunctionalInterface
public interface StepCallback {

    /** @param success false ends the user's current task (like an exception in a Locust task) */
    void complete(boolean success);
}
