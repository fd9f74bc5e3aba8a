package io.stampede.core.scenario.read;

import io.stampede.core.scenario.Step;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the value under one step kind's key (e.g. the mapping under {@code http:}) into its step. */
@FunctionalInterface
interface StepReader<S extends Step> {

    /**
     * @param scope the variables defined where the step stands; a step that defines variables
     *              (extract, a loop's item) adds them for the steps after it
     * @return the step, or null when it has errors (reported to {@code context.nodes})
     */
    S read(Node node, Scope scope, ReadContext context);
}
