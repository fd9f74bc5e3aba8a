package io.stampede.engine;

import java.util.function.Consumer;

import io.stampede.engine.step.SampleRecorder;

/**
 * What a {@link VirtualUser} needs from its run, handed down by whoever runs it (the run's
 * population), so a user never reaches up into the population or the plan.
 *
 * @param runId      the run's id; null without one
 * @param host       base URL for relative paths; may be null
 * @param recorder   where every request of the run is recorded
 * @param variables  scenario/run variables and feeders, below each user's own variables
 * @param taskGroups task groups of the plan: the size of each user's cursor array
 * @param finished   told once when a user has finished (stopped, cut, or ended by itself)
 */
record RunScope(String runId, String host, SampleRecorder recorder, RunVariables variables,
                int taskGroups, Consumer<VirtualUser> finished) {
}
