package io.stampede.core.scenario;

import java.util.List;

/**
 * One unit of user behaviour: either a list of steps, or a nested group of tasks (Locust's
 * {@code TaskSet}), picked by weight or run in order when {@code sequential}. When both are
 * given, the steps run first, then one pick from the group.
 */
public record Task(String name, int weight, boolean sequential, List<Step> steps, List<Task> tasks) {

    public Task {
        steps = List.copyOf(steps);
        tasks = List.copyOf(tasks);
    }
}
