package io.stampede.core.scenario;

/**
 * One problem found in a scenario file.
 *
 * @param source  the file name (or the name the text was given)
 * @param line    1-based line of the offending node
 * @param column  1-based column of the offending node (or of the {@code ${...}} inside a string)
 * @param message what is wrong
 * @param hint    how to fix it; null when there is nothing useful to add
 */
public record ScenarioError(String source, int line, int column, String message, String hint) {

    /** {@code <source>:<line>:<col>: <message> (hint: ...)}, the format of compilers and linters. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + message + (hint == null ? "" : " (hint: " + hint + ")");
    }
}
