package io.stampede.core.scenario;

/** Pulls a value out of a response into a user variable. */
public sealed interface Extractor {

    /** A JSONPath on the JSON body, e.g. {@code $.Id}. */
    record JsonPath(String expression) implements Extractor {
    }

    /** A response header's value. */
    record Header(String name) implements Extractor {
    }

    /** A regular expression on the body; the value is the given group (0 = whole match). */
    record Regex(String pattern, int group) implements Extractor {
    }
}
