package io.stampede.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.Timer;
import io.stampede.engine.step.SampleRecorder;
import io.stampede.engine.step.StepSequence;
import io.stampede.engine.step.UserContext;
import io.stampede.engine.step.UserState;

import reactor.core.Disposable;

/**
 * Runs a list of steps exactly once as a single user (a scenario's setup or teardown block)
 * and collects the variables it extracted, which become the run variables of every user.
 */
final class OneShotRun implements UserContext {

    private final RunSpec spec;
    private final SampleRecorder recorder;
    private final Timer timer;
    private final EventLoop loop;
    /** Setup and teardown keep step kinds' state across their own steps (a login in setup works). */
    private final UserState.Values state = new UserState.Values();
    private final Map<String, String> variables = new HashMap<>();
    private final CompletableFuture<StepsOutcome> outcome = new CompletableFuture<>();

    OneShotRun(RunSpec spec, SampleRecorder recorder, Timer timer, EventLoop loop) {
        this.spec = spec;
        this.recorder = recorder;
        this.timer = timer;
        this.loop = loop;
        variables.putAll(spec.scopeVariables());
    }

    CompletableFuture<StepsOutcome> run(StepSequence steps) {
        dispatch(() -> steps.run(this, success -> outcome.complete(new StepsOutcome(success, Map.copyOf(variables)))));
        return outcome;
    }

    @Override
    public String variable(String name) {
        return variables.get(name);
    }

    @Override
    public void setVariable(String name, String value) {
        variables.put(name, value);
    }

    @Override
    public long userId() {
        return -1;
    }

    @Override
    public long iteration() {
        return 0;
    }

    @Override
    public String host() {
        return spec.host();
    }

    @Override
    public SampleRecorder recorder() {
        return recorder;
    }

    @Override
    public void sleep(long nanos, Runnable then) {
        timer.newTimeout(t -> dispatch(then), nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public String runId() {
        return spec.runId();
    }

    @Override
    public <T> T state(UserState<T> key) {
        return state.get(key);
    }

    @Override
    public void dispatch(Runnable action) {
        loop.execute(action);
    }

    @Override
    public void track(Disposable inFlight) {
        // runs to completion: nothing to cut
    }

    @Override
    public boolean halted() {
        return false;
    }

    @Override
    public boolean cut() {
        return false;
    }
}
