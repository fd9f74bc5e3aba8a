package io.stampede.engine.k8s;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.scenario.Step;
import io.stampede.engine.step.ExecutableStep;
import io.stampede.engine.step.SampleRecorder;
import io.stampede.engine.step.StepExecutors;
import io.stampede.engine.step.UserContext;
import reactor.core.Disposable;

/**
 * What the k8s step tests share, whatever API server they run against: YAML steps and a user
 * running them. Public for deploy-tests (the chart's RBAC against the real steps).
 */
public final class K8sStepHarness {

    private K8sStepHarness() {
    }

    public record Sample(String method, String name, String error) {
    }

    /** The steps of the scenario's first task, as written in YAML. */
    public static List<Step> steps(String stepsYaml) {
        String yaml = "name: k8s\nusers:\n  - name: u\n    tasks:\n      - steps:\n" + stepsYaml.indent(10);
        return ScenarioParser.parse(yaml, "k8s.yaml").users().getFirst().tasks().getFirst().steps();
    }

    public static ExecutableStep compile(K8sStepExecutor executor, Step step) {
        StepExecutors registry = StepExecutors.builder().registerControlFlow().register(executor).build();
        return registry.compile(step);
    }

    /** A user of run {@code runId} that runs each step once, in order, and waits for it. */
    public static final class TestUser implements UserContext {
        final Map<String, String> variables = new HashMap<>();
        public final Queue<Sample> samples = new ConcurrentLinkedQueue<>();
        final String runId;
        final long id;

        public TestUser(String runId, long id) {
            this.runId = runId;
            this.id = id;
        }

        public boolean run(ExecutableStep step) throws Exception {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            step.execute(this, done::complete);
            boolean ok = done.get(30, TimeUnit.SECONDS);
            if (!ok) {
                System.err.println("step failed: " + samples);
            }
            return ok;
        }

        /** Runs the steps in order, each whatever the previous one did; the results in order. */
        public List<Boolean> runAll(K8sStepExecutor executor, List<Step> steps) throws Exception {
            List<Boolean> results = new java.util.ArrayList<>();
            for (Step step : steps) {
                results.add(run(compile(executor, step)));
            }
            return results;
        }

        @Override public String variable(String name) { return variables.get(name); }
        @Override public String runId() { return runId; }
        @Override public long userId() { return id; }
        @Override public long iteration() { return 0; }
        @Override public void setVariable(String name, String value) { variables.put(name, value); }
        @Override public String host() { return null; }
        @Override public SampleRecorder recorder() {
            return (method, name, micros, length, error) -> samples.add(new Sample(method, name, error));
        }
        @Override public void sleep(long nanos, Runnable then) { throw new UnsupportedOperationException(); }
        @Override public io.netty.channel.EventLoop eventLoop() { throw new UnsupportedOperationException("k8s steps need no event loop"); }
        @Override public void dispatch(Runnable action) { action.run(); }
        @Override public void track(Disposable inFlight) { }
        @Override public boolean halted() { return false; }
        @Override public boolean cut() { return false; }
    }
}
