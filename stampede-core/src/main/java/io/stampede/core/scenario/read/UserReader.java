package io.stampede.core.scenario.read;

import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.WaitTime;
import io.stampede.core.scenario.read.Grammar.ListOf;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import io.stampede.core.scenario.read.Grammar.Ref;
import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.stampede.core.scenario.read.Grammar.BOOLEAN;
import static io.stampede.core.scenario.read.Grammar.DURATION;
import static io.stampede.core.scenario.read.Grammar.INTEGER;
import static io.stampede.core.scenario.read.Grammar.STEPS;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.list;
import static io.stampede.core.scenario.read.Grammar.object;

/** Reads user classes with their wait time, tasks and nested task groups. */
final class UserReader extends ConstructReader {

    static final ObjectType USER = object("user", "A kind of virtual user (Locust's User class).")
            .required("name", STRING, "Shown in stats and the UI.")
            .optional("weight", INTEGER, "Relative share of users of this class; default 1.")
            .optional("wait", new Ref("wait"), "Pause after each task; default none.")
            .optional("sequential", BOOLEAN, "true: run tasks in the order written, looping; false (default): pick by weight.")
            .optional("on_start", STEPS, "Steps run once when the user starts.")
            .optional("on_stop", STEPS, "Steps run once when the user stops (also when the run is stopped).")
            .required("tasks", new ListOf(new Ref("task"), 1, Integer.MAX_VALUE), "What the user does: one task per iteration.")
            .build();

    static final ObjectType WAIT = object("wait", "Wait time after each task.")
            .optional("constant", DURATION, "Always this pause.")
            .optional("between", new ListOf(DURATION, 2, 2), "A uniformly random pause in [min, max].")
            .optional("pacing", DURATION, "Start a task every interval (Locust's constant_pacing).")
            .exactlyOne("constant", "between", "pacing")
            .build();

    static final ObjectType TASK = object("task", "One unit of user behaviour: steps, or a nested group of tasks (Locust's TaskSet).")
            .optional("name", STRING, "Shown in the UI; default task-<n>.")
            .optional("weight", INTEGER, "Relative chance of being picked; default 1.")
            .optional("sequential", BOOLEAN, "For a nested group: run its tasks in order instead of by weight.")
            .optional("steps", STEPS, "What the task does, in order.")
            .optional("tasks", list(new Ref("task")), "A nested group; one is picked per run of this task (after the steps, if any).")
            .atLeastOne("steps", "tasks")
            .build();

    UserReader(ReadContext context) {
        super(context);
    }

    UserClass user(Node node, Scope scope) {
        TypedMapping o = nodes.object(node, "user");
        if (o == null) {
            return null;
        }
        String name = nodes.string(o, "name");
        int weight = weight(o);
        WaitTime wait = o.has("wait") ? waitTime(o.value("wait")) : new WaitTime.None();
        boolean sequential = nodes.bool(o, "sequential", false);
        List<Step> onStart = context.steps(o.value("on_start"), scope);
        List<Task> tasks = tasks(o.value("tasks"), scope);
        List<Step> onStop = context.steps(o.value("on_stop"), scope);
        if (name == null || wait == null) {
            return null;
        }
        return new UserClass(name, weight, wait, sequential, tasks, onStart, onStop);
    }

    private List<Task> tasks(Node node, Scope scope) {
        List<Task> tasks = new ArrayList<>();
        int index = 0;
        for (Node n : nodes.list(node, "a list of tasks")) {
            index++;
            TypedMapping o = nodes.object(n, "task");
            if (o == null) {
                continue;
            }
            String name = o.has("name") ? nodes.string(o, "name") : "task-" + index;
            int weight = weight(o);
            boolean sequential = nodes.bool(o, "sequential", false);
            List<Step> steps = context.steps(o.value("steps"), scope);
            List<Task> group = tasks(o.value("tasks"), scope);
            if (name != null) {
                tasks.add(new Task(name, weight, sequential, steps, group));
            }
        }
        return tasks;
    }

    private int weight(TypedMapping o) {
        Integer w = nodes.integer(o, "weight");
        if (w == null) {
            return 1;
        }
        if (w < 1) {
            nodes.error(o.value("weight"), "weight must be at least 1, got " + w, "leave it out for 1");
            return 1;
        }
        return w;
    }

    private WaitTime waitTime(Node node) {
        TypedMapping o = nodes.object(node, "wait");
        if (o == null) {
            return null;
        }
        if (o.has("constant")) {
            Duration d = nodes.duration(o, "constant");
            return d == null ? null : new WaitTime.Constant(d);
        }
        if (o.has("pacing")) {
            Duration d = nodes.duration(o, "pacing");
            return d == null ? null : new WaitTime.Pacing(d);
        }
        if (o.has("between")) {
            Duration[] range = nodes.durationRange(o.value("between"));
            return range == null ? null : new WaitTime.Between(range[0], range[1]);
        }
        return null;
    }
}
