package io.stampede.core.scenario;

/**
 * Rows of test data from a CSV (with header) or JSON (array of objects) file beside the
 * scenario. Each row's columns become variables {@code ${<feeder>.<column>}}.
 *
 * @param name     how steps refer to it
 * @param file     path relative to the scenario file
 * @param strategy how the next row is picked
 * @param sharing  whether every worker sees all rows, or each row goes to exactly one worker
 */
public record Feeder(String name, String file, Strategy strategy, Sharing sharing) {

    public enum Strategy {
        /** In order; a user that asks past the last row fails the step (data exhausted). */
        SEQUENTIAL,
        /** A random row each time. */
        RANDOM,
        /** In order, starting again at the first row after the last. */
        CIRCULAR
    }

    public enum Sharing {
        /** Every worker has every row. */
        SHARED,
        /** Rows are split across workers: worker i of n gets rows i, i+n, i+2n ... */
        PARTITIONED
    }
}
