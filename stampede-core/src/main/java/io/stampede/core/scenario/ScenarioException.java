package io.stampede.core.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario that cannot be run, with every problem found (not just the first). */
public class ScenarioException extends RuntimeException {

    private final List<ScenarioError> errors;

    public ScenarioException(List<ScenarioError> errors) {
        super(errors.stream().map(ScenarioError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** The problems in file order; never empty. */
    public List<ScenarioError> errors() {
        return errors;
    }
}
