package io.stampede.engine.step;

/** The scenario has a step kind this engine has no executor for; the run is refused at start. */
public class UnsupportedStepException extends RuntimeException {

    public UnsupportedStepException(String message) {
        super(message);
    }
}
