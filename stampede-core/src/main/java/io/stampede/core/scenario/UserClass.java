package io.stampede.core.scenario;

import java.util.List;

/**
 * A kind of virtual user (Locust's {@code User} class).
 *
 * @param name       shown in stats and the UI
 * @param weight     relative share of users of this class (&ge; 1)
 * @param waitTime   pause after each task
 * @param sequential true: run tasks in the order written, looping; false: pick by weight
 * @param tasks      what the user does, one task per iteration
 * @param onStart    steps run once when the user starts
 * @param onStop     steps run once when the user stops (also when the run is stopped)
 */
public record UserClass(String name, int weight, WaitTime waitTime, boolean sequential, List<Task> tasks,
                        List<Step> onStart, List<Step> onStop) {

    public UserClass {
        tasks = List.copyOf(tasks);
        onStart = List.copyOf(onStart);
        onStop = List.copyOf(onStop);
    }
}
