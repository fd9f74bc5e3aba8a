package io.stampede.coordinator.experiment.suite;

/**
 * One problem in a suite file.
 *
 * @param position where the offending value (or key) starts
 * @param key      the key path, e.g. {@code load_tests[1].qps}; the file's top level is {@code suite}
 * @param message  what is wrong and what is expected
 */
public record SuiteError(SuiteNode.Position position, String key, String message) {

    /** {@code <file>:<line>:<col>: <key>: <message>}, the format of compilers and of scenario errors. */
    @Override
    public String toString() {
        return position + ": " + key + ": " + message;
    }
}
