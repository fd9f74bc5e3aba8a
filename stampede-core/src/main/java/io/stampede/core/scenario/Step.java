package io.stampede.core.scenario;

/**
 * One thing a virtual user does. Strings documented as templates may contain {@code ${...}}.
 * Not sealed: the step kinds are listed once, in {@link io.stampede.core.scenario.read.StepKinds}
 * (with their grammar and reader), and a permits list here would be a second list to keep in step.
 */
public interface Step {
}
