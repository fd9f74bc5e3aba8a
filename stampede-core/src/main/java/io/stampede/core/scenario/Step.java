package io.stampede.core.scenario;

/** One thing a virtual user does. Strings documented as templates may contain {@code ${...}}. */
public sealed interface Step permits HttpStep, DnsStep, K8sStep, ThinkStep, LoopStep, IfStep {
}
