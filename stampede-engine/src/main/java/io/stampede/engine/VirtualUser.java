package io.stampede.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.stampede.engine.feed.FeederSource;
import io.stampede.engine.step.FailureLog;
import io.stampede.engine.step.SampleRecorder;
import io.stampede.engine.step.StepCallback;
import io.stampede.engine.step.UserContext;
import io.stampede.engine.step.UserState;
import io.stampede.engine.template.TemplateException;

import reactor.core.Disposable;

/**
 * One virtual user: a small state object, no thread. Its steps run on event-loop threads as
 * completions arrive; while it waits, only a task scheduled on its own event loop references it. At most one step of a
 * user runs at a time, so its plain fields need no locking (hand-offs between threads go
 * through executor queues, which order them).
 *
 * <p>It knows its class's {@link UserPlan} and what its run hands down ({@link RunScope}), nothing
 * of the population that spawned it.
 */
final class VirtualUser implements UserContext, UserPlan.TaskCursors, SampleRecorder {

    private static final AtomicReferenceFieldUpdater<VirtualUser, Runnable> WAKE =
            AtomicReferenceFieldUpdater.newUpdater(VirtualUser.class, Runnable.class, "wake");
    private static final AtomicIntegerFieldUpdater<VirtualUser> FINISHED =
            AtomicIntegerFieldUpdater.newUpdater(VirtualUser.class, "finished");

    private final RunScope run;
    private final UserPlan plan;
    private final long id;
    private final EventLoop loop;
    /** Created on the first variable set: most users of simple scenarios never need one. */
    private HashMap<String, String> variables;
    private int[] cursors;
    /** The current row of each feeder and the iteration it was drawn for; created on first use. */
    private Map<String, String>[] feederRows;
    private long[] feederRowIteration;
    private long iteration;
    /** When the current task started; read only for pacing, the one wait policy that needs it. */
    private long taskStartNanos;
    private final boolean pacedTasks;
    /** {@link #nextTask()} is on this user's stack; touched on the user's loop only. */
    private boolean inTask;
    private final StepCallback afterTask = this::afterTask;
    /**
     * How far the current task started behind its intended start (open model: its arrival;
     * pacing: its slot); added to each of its requests' corrected latency. Touched on the
     * user's loop only.
     */
    private long lagNanos;
    private boolean inOnStop;
    private volatile boolean stopRequested;
    private volatile boolean cut;
    private volatile Runnable wake;
    /** The pending wake-up of a wait, scheduled on the user's loop; null when not waiting. */
    private volatile Future<?> timeout;
    private volatile Disposable inFlight;
    private volatile int finished;
    /** Step kinds' per-user state (HTTP cookies); created on first use. */
    private UserState.Values state;

    VirtualUser(RunScope run, UserPlan plan, long id, EventLoop loop) {
        this.run = run;
        this.plan = plan;
        this.id = id;
        this.loop = loop;
        this.pacedTasks = plan.waitPolicy().readsTaskNanos();
    }

    void start() {
        dispatch(() -> plan.onStart().run(this, success -> nextTask()));
    }

    private void nextTask() {
        if (halted()) {
            finish();
            return;
        }
        if (pacedTasks) {
            taskStartNanos = System.nanoTime();
        }
        inTask = true;
        try {
            plan.tasks().pick(this).run(this, this, afterTask);
        } catch (RuntimeException e) {
            FailureLog.warn("user " + id + ": task failed unexpectedly", e);
            afterTask(false);
        } finally {
            inTask = false;
        }
    }

    private void afterTask(boolean success) {
        iteration++;
        if (halted()) {
            finish();
            return;
        }
        long pause = plan.waitPolicy().waitNanos(pacedTasks ? System.nanoTime() - taskStartNanos : 0);
        lagNanos = Math.max(0, -pause); // a pacing slot overrun: the next task is late by that much
        if (pause > 0) {
            sleep(pause, this::nextTask);
        } else if (inTask || !loop.inEventLoop()) {
            // Completed within nextTask() (instant steps): through the loop's queue, never a
            // recursion, and the loop's other users and I/O get their turn between such tasks.
            // Completed on another thread: back to the user's loop.
            dispatch(this::nextTask);
        } else {
            // On the loop, from the completion of the task's last step (a response, typically):
            // the next request goes out at once, as wrk's does, not after a hop through the
            // loop's task queue (~2 % of a worker's CPU at 65,000 requests a second).
            nextTask();
        }
    }

    // ---- open model: the driver hands out iterations; between them the user is idle

    /** Runs on_start, then {@code ready} (the user can take iterations); a stop meanwhile finishes it instead. */
    void startIdle(Runnable ready) {
        dispatch(() -> plan.onStart().run(this, success -> {
            if (halted()) {
                finish();
            } else {
                ready.run();
            }
        }));
    }

    /**
     * One task pass that was due {@code lateNanos} ago; then {@code done}, from whichever thread
     * completed the last step, unless the user was stopped meanwhile (then it finishes).
     */
    void runIteration(long lateNanos, Runnable done) {
        dispatch(() -> {
            if (halted()) {
                finish();
                return;
            }
            lagNanos = lateNanos;
            taskStartNanos = System.nanoTime();
            try {
                plan.tasks().pick(this).run(this, this, success -> afterIteration(done));
            } catch (RuntimeException e) {
                FailureLog.warn("user " + id + ": task failed unexpectedly", e);
                afterIteration(done);
            }
        });
    }

    private void afterIteration(Runnable done) {
        iteration++;
        lagNanos = 0;
        if (halted()) {
            finish();
        } else {
            done.run();
        }
    }

    /** An idle user of a stopping run: its on_stop steps now, then finished. */
    void stopIdle() {
        stopRequested = true;
        dispatch(this::finish);
    }

    private void finish() {
        if (cut || plan.onStop().isEmpty()) {
            markFinished();
            return;
        }
        inOnStop = true;
        plan.onStop().run(this, success -> markFinished());
    }

    private void markFinished() {
        if (FINISHED.compareAndSet(this, 0, 1)) {
            run.finished().accept(this);
        }
    }

    /** Stop at the next step boundary; a waiting user wakes up at once. Any thread. */
    void requestStop() {
        stopRequested = true;
        wakeUp();
    }

    /** The stop grace is over: cancel what is in flight and count the user as finished. Any thread. */
    void cutNow() {
        cut = true;
        Disposable running = inFlight;
        if (running != null) {
            running.dispose();
        }
        Runnable pending = WAKE.getAndSet(this, null);
        if (pending != null) {
            Future<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
        markFinished();
    }

    private void wakeUp() {
        Runnable action = WAKE.getAndSet(this, null);
        if (action != null) {
            Future<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            dispatch(action);
        }
    }

    /** A wait's time is up: continue at once, already on the user's loop (no second hop). */
    private void wakeOnLoop() {
        timeout = null; // nothing but the user's own loop holds it now
        Runnable action = WAKE.getAndSet(this, null);
        if (action != null && !(finished != 0 && cut)) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // A scheduled task's exception would only fail its future, silently: say it.
                FailureLog.warn("user " + id + ": failed after a wait", e);
            }
        }
    }

    @Override
    public int next(int group, int size) {
        if (cursors == null) {
            cursors = new int[run.taskGroups()];
        }
        int cursor = cursors[group];
        cursors[group] = (cursor + 1) % size;
        return cursor;
    }

    long id() {
        return id;
    }

    String className() {
        return plan.name();
    }

    // ---- UserContext

    @Override
    public String variable(String name) {
        if (variables != null) {
            String value = variables.get(name);
            if (value != null) {
                return value;
            }
        }
        int dot = name.indexOf('.');
        RunVariables shared = run.variables();
        if (dot > 0 && shared.feederCount() > 0) {
            int feeder = shared.feederIndex(name.substring(0, dot));
            if (feeder >= 0) {
                return feederRow(feeder).get(name.substring(dot + 1));
            }
        }
        return shared.get(name);
    }

    /** One row per feeder per task iteration, drawn when a step first refers to the feeder. */
    @SuppressWarnings("unchecked")
    private Map<String, String> feederRow(int feeder) {
        if (feederRows == null) {
            feederRows = new Map[run.variables().feederCount()];
            feederRowIteration = new long[feederRows.length];
        }
        if (feederRows[feeder] == null || feederRowIteration[feeder] != iteration) {
            FeederSource source = run.variables().feeder(feeder);
            Map<String, String> row = source.next();
            if (row == null) {
                throw new TemplateException("feeder '" + source.name() + "' has no more rows (sequential, "
                        + source.size() + " rows)");
            }
            feederRows[feeder] = row;
            feederRowIteration[feeder] = iteration;
        }
        return feederRows[feeder];
    }

    @Override
    public void setVariable(String name, String value) {
        if (variables == null) {
            variables = new HashMap<>(4);
        }
        variables.put(name, value);
    }

    @Override
    public long userId() {
        return id;
    }

    @Override
    public long iteration() {
        return iteration;
    }

    @Override
    public String host() {
        return run.host();
    }

    @Override
    public SampleRecorder recorder() {
        return lagNanos == 0 ? run.recorder() : this;
    }

    /** A request of a late task: its corrected latency adds the task's lag. */
    @Override
    public void record(String method, String name, long responseTimeMicros, long contentLength, String error) {
        run.recorder().record(method, name, responseTimeMicros, responseTimeMicros + lagNanos / 1000, contentLength,
                error);
    }

    @Override
    public void sleep(long nanos, Runnable then) {
        wake = then;
        // On the user's own loop, not a shared timer thread: the wake-up runs where the user runs,
        // with no hand-over between threads, and at the loop's precision (not a 10 ms wheel tick).
        // A single timer thread handing 10,000 wake-ups a second to the loops was a bottleneck.
        try {
            timeout = loop.schedule(this::wakeOnLoop, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            markFinished(); // the engine is closing: the user is going away with it
            return;
        }
        if (halted()) {
            wakeUp(); // a stop that came while we were arming the timer
        }
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public String runId() {
        return run.runId();
    }

    @Override
    public <T> T state(UserState<T> key) {
        if (state == null) {
            state = new UserState.Values();
        }
        return state.get(key);
    }

    @Override
    public void dispatch(Runnable action) {
        if (finished != 0 && cut) {
            return;
        }
        try {
            loop.execute(action);
        } catch (RejectedExecutionException e) {
            // The engine is closing: the user is going away with it.
            markFinished();
        }
    }

    @Override
    public void track(Disposable operation) {
        inFlight = operation;
    }

    @Override
    public boolean halted() {
        return cut || (stopRequested && !inOnStop);
    }

    @Override
    public boolean cut() {
        return cut;
    }
}
