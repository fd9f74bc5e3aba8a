package io.stampede.engine;

import java.util.concurrent.ThreadLocalRandom;

import io.stampede.engine.step.StepCallback;
import io.stampede.engine.step.StepSequence;
import io.stampede.engine.step.UserContext;

/**
 * One user class compiled for execution: what a {@link VirtualUser} of that class runs. Shared
 * read-only by every user of the class.
 */
record UserPlan(String name, int weight, WaitPolicy waitPolicy, TaskGroup tasks, StepSequence onStart,
                StepSequence onStop) {

    /**
     * The pause after a task, given how long the task took. Negative for pacing when the task
     * overran its slot: the next task starts at once and is that much behind its intended start.
     */
    @FunctionalInterface
    interface WaitPolicy {
        long waitNanos(long taskNanos);

        /** False: {@link #waitNanos} ignores its argument, and users need not read the clock around each task. */
        default boolean readsTaskNanos() {
            return false;
        }
    }

    /** Pacing (Locust's constant_pacing): the pause fills the rest of the task's slot. */
    record Pacing(long intervalNanos) implements WaitPolicy {
        @Override
        public long waitNanos(long taskNanos) {
            return intervalNanos - taskNanos;
        }

        @Override
        public boolean readsTaskNanos() {
            return true;
        }
    }

    /** A user's position in each sequential task group. */
    @FunctionalInterface
    interface TaskCursors {
        /** The next task of group {@code group} (of {@code size} tasks) for this user, advancing its cursor. */
        int next(int group, int size);
    }

    /** Tasks picked by weight, or in order when sequential (a cursor per user). */
    record TaskGroup(int id, boolean sequential, TaskNode[] tasks) {

        TaskNode pick(TaskCursors cursors) {
            if (tasks.length == 1) {
                return tasks[0];
            }
            if (sequential) {
                return tasks[cursors.next(id, tasks.length)];
            }
            int total = 0;
            for (TaskNode task : tasks) {
                total += task.weight();
            }
            int pick = ThreadLocalRandom.current().nextInt(total);
            for (TaskNode task : tasks) {
                pick -= task.weight();
                if (pick < 0) {
                    return task;
                }
            }
            return tasks[tasks.length - 1];
        }
    }

    /** A task: its steps, then one pick from its nested group when it has one. */
    record TaskNode(String name, int weight, StepSequence steps, TaskGroup group) {

        void run(UserContext user, TaskCursors cursors, StepCallback done) {
            if (group == null) {
                steps.run(user, done);
                return;
            }
            steps.run(user, success -> {
                if (!success || user.halted()) {
                    done.complete(success);
                } else {
                    group.pick(cursors).run(user, cursors, done);
                }
            });
        }
    }
}
