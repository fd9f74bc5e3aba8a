package io.stampede.core.scenario;

import java.time.Duration;

/** A pause inside a task: {@code min == max} for a fixed one, else uniformly random. */
public record ThinkStep(Duration min, Duration max) implements Step {
}
