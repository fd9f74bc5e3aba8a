package io.stampede.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.stampede.core.scenario.Feeder;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.WaitTime;
import io.stampede.engine.feed.FeederSource;
import io.stampede.engine.step.StepCompiler;
import io.stampede.engine.step.StepSequence;

/**
 * A scenario compiled for execution, once per run: templates parsed, executors bound, user
 * classes in a weighted cycle. Shared read-only by every user of the run.
 */
final class ScenarioPlan {

    private static final int MAX_CYCLE = 10_000;

    private final UserPlan[] classes;
    private final int[] cycle;
    /** Sequential task groups are numbered 0..groupCount-1: each user keeps a cursor per group. */
    final int groupCount;
    /** The lowest layer of every user's variable lookup. */
    final RunVariables variables;

    private ScenarioPlan(UserPlan[] classes, int[] cycle, int groupCount, RunVariables variables) {
        this.classes = classes;
        this.cycle = cycle;
        this.groupCount = groupCount;
        this.variables = variables;
    }

    /** @throws ScenarioRejectedException saying where and why */
    static ScenarioPlan compile(Scenario scenario, Map<String, String> runVariables, StepCompiler compiler) {
        return compile(new RunSpec(null, scenario, null, 0, runVariables), compiler, false);
    }

    /**
     * @param loadFeeders false: only check the steps (validation without the feeder files)
     */
    static ScenarioPlan compile(RunSpec spec, StepCompiler compiler, boolean loadFeeders) {
        Scenario scenario = spec.scenario();
        if (scenario.users().isEmpty()) {
            throw new ScenarioRejectedException("scenario '" + scenario.name() + "' has no user class", null);
        }
        Compilation compilation = new Compilation(compiler);
        UserPlan[] classes = new UserPlan[scenario.users().size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = compilation.user(scenario.users().get(i));
        }
        RunVariables variables = new RunVariables(spec.scopeVariables(),
                loadFeeders ? feeders(spec) : new FeederSource[0]);
        return new ScenarioPlan(classes, weightedCycle(classes), compilation.groups, variables);
    }

    private static FeederSource[] feeders(RunSpec spec) {
        List<FeederSource> sources = new ArrayList<>();
        for (Feeder feeder : spec.scenario().feeders().values()) {
            String content = spec.attachments().get(feeder.file());
            if (content == null) {
                throw new ScenarioRejectedException("feeder '" + feeder.name() + "': file " + feeder.file()
                        + " was not sent with the scenario", null);
            }
            try {
                sources.add(FeederSource.load(feeder, content, spec.workerIndex(), spec.workerCount()));
            } catch (IllegalArgumentException e) {
                throw new ScenarioRejectedException(e.getMessage(), e);
            }
        }
        return sources.toArray(FeederSource[]::new);
    }

    /**
     * The class of the n-th user this engine spawns: a smooth weighted round robin, so any
     * prefix of users has the classes in proportion to their weights (Locust distributes
     * users the same way rather than at random).
     */
    UserPlan classFor(long spawnIndex) {
        if (cycle == null) {
            return randomByWeight();
        }
        return classes[cycle[(int) (spawnIndex % cycle.length)]];
    }

    private UserPlan randomByWeight() {
        long total = 0;
        for (UserPlan plan : classes) {
            total += plan.weight();
        }
        long pick = ThreadLocalRandom.current().nextLong(total);
        for (UserPlan plan : classes) {
            pick -= plan.weight();
            if (pick < 0) {
                return plan;
            }
        }
        return classes[classes.length - 1];
    }

    private static int[] weightedCycle(UserPlan[] classes) {
        long total = 0;
        for (UserPlan plan : classes) {
            total += plan.weight();
        }
        if (total > MAX_CYCLE) {
            return null;
        }
        int[] cycle = new int[(int) total];
        long[] current = new long[classes.length];
        for (int slot = 0; slot < cycle.length; slot++) {
            int best = 0;
            for (int i = 0; i < classes.length; i++) {
                current[i] += classes[i].weight();
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            cycle[slot] = best;
        }
        return cycle;
    }

    /** Compiles user classes and numbers task groups (each user keeps a cursor per sequential group). */
    private static final class Compilation {

        private final StepCompiler compiler;
        private int groups;

        Compilation(StepCompiler compiler) {
            this.compiler = compiler;
        }

        UserPlan user(UserClass userClass) {
            String where = "user class '" + userClass.name() + "'";
            if (userClass.weight() < 1) {
                throw new ScenarioRejectedException(where + ": weight must be >= 1, was " + userClass.weight(), null);
            }
            if (userClass.tasks().isEmpty()) {
                throw new ScenarioRejectedException(where + " has no task", null);
            }
            return new UserPlan(userClass.name(), userClass.weight(), waitPolicy(userClass.waitTime(), where),
                    group(userClass.tasks(), userClass.sequential(), where),
                    steps(userClass.onStart(), where + ", on_start"), steps(userClass.onStop(), where + ", on_stop"));
        }

        private UserPlan.TaskGroup group(List<Task> tasks, boolean sequential, String where) {
            int id = groups++;
            List<UserPlan.TaskNode> nodes = new ArrayList<>(tasks.size());
            for (Task task : tasks) {
                String taskWhere = where + ", task '" + task.name() + "'";
                if (task.weight() < 1) {
                    throw new ScenarioRejectedException(taskWhere + ": weight must be >= 1, was " + task.weight(), null);
                }
                if (task.steps().isEmpty() && task.tasks().isEmpty()) {
                    throw new ScenarioRejectedException(taskWhere + " has neither steps nor tasks", null);
                }
                UserPlan.TaskGroup nested = task.tasks().isEmpty() ? null : group(task.tasks(), task.sequential(), taskWhere);
                nodes.add(new UserPlan.TaskNode(task.name(), task.weight(), steps(task.steps(), taskWhere), nested));
            }
            return new UserPlan.TaskGroup(id, sequential, nodes.toArray(UserPlan.TaskNode[]::new));
        }

        private StepSequence steps(List<Step> steps, String where) {
            try {
                return compiler.compileAll(steps);
            } catch (RuntimeException e) {
                throw new ScenarioRejectedException(where + ": " + e.getMessage(), e);
            }
        }

        private static UserPlan.WaitPolicy waitPolicy(WaitTime waitTime, String where) {
            return switch (waitTime) {
                case null -> taskNanos -> 0;
                case WaitTime.None ignored -> taskNanos -> 0;
                case WaitTime.Constant constant -> {
                    long nanos = constant.duration().toNanos();
                    yield taskNanos -> nanos;
                }
                case WaitTime.Between between -> {
                    long min = between.min().toNanos();
                    long max = between.max().toNanos();
                    if (min < 0 || max < min) {
                        throw new ScenarioRejectedException(where + ": wait between needs 0 <= min <= max", null);
                    }
                    yield taskNanos -> min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
                }
                case WaitTime.Pacing pacing -> new UserPlan.Pacing(pacing.interval().toNanos());
            };
        }
    }
}
