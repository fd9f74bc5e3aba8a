package io.stampede.engine;

/**
 * The engine cannot run the scenario: a step kind without executor, a bad template, an empty
 * user class. The message says where ("user class 'x', task 'y': ...") and why.
 */
public class ScenarioRejectedException extends RuntimeException {

    public ScenarioRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
