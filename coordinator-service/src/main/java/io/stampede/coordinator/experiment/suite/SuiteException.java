package io.stampede.coordinator.experiment.suite;

import java.util.List;
import java.util.stream.Collectors;

/** A suite that cannot run: every problem found, in file order, one per line. */
public class SuiteException extends RuntimeException {

    private final List<SuiteError> errors;

    public SuiteException(List<SuiteError> errors) {
        super(errors.stream().map(SuiteError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** Never empty. */
    public List<SuiteError> errors() {
        return errors;
    }
}
