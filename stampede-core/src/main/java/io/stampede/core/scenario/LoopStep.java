package io.stampede.core.scenario;

import java.util.List;

/**
 * Repeats steps {@code count} times (a template that evaluates to an integer), or once per item
 * of {@code over} with the item in variable {@code variable}. Exactly one of count and over is set.
 * With count, {@code variable} (may be null) holds the 0-based index of the iteration.
 */
public record LoopStep(String count, List<String> over, String variable, List<Step> steps) implements Step {

    public LoopStep {
        over = over == null ? null : List.copyOf(over);
        steps = List.copyOf(steps);
    }
}
