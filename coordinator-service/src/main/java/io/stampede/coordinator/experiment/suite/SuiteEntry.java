package io.stampede.coordinator.experiment.suite;

/**
 * One entry of a suite's {@code load_tests}. Sealed: each kind of entry is one record, and the
 * runner's switch over them is exhaustive, so a new kind (a capacity search) is added here and
 * the compiler points at every place that must handle it.
 */
public sealed interface SuiteEntry permits FixedRateTest, SearchTest {

    /** The entry's name; its results go under {@code <test_name>/}. */
    String testName();
}
