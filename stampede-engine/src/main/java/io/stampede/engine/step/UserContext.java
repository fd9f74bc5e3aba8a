package io.stampede.engine.step;

import io.netty.channel.EventLoop;
import io.stampede.engine.template.TemplateContext;

import reactor.core.Disposable;

/** One virtual user as its steps see it. Only one step of a user runs at a time. */
public interface UserContext extends TemplateContext {

    /** Sets a user variable (extracted values, loop variables), visible to later steps. */
    void setVariable(String name, String value);

    /** Base URL for relative paths; null when the run has none. */
    String host();

    SampleRecorder recorder();

    /** The event loop the user's steps run on; its I/O (HTTP connections) lives there too. */
    EventLoop eventLoop();

    /**
     * The run this user belongs to (step kinds label what they create with it); null when the
     * engine is driven without one (tests).
     */
    String runId();

    /**
     * This user's value of a step kind's state (HTTP cookies: a browser session per user), created
     * on first use; null: the context keeps no per-user state.
     */
    default <T> T state(UserState<T> key) {
        return null;
    }

    /**
     * Runs {@code then} after the pause, on the user's event loop, holding no thread meanwhile.
     * A stop request wakes the user early.
     */
    void sleep(long nanos, Runnable then);

    /** Runs {@code action} soon on the user's event loop (never on the caller's stack). */
    void dispatch(Runnable action);

    /** Registers the operation in flight, cancelled when the user is cut after the stop grace; null: none. */
    void track(Disposable inFlight);

    /** True when the user must not start another step (it was asked to stop, or cut). */
    boolean halted();

    /** True when the user was cut: a late result must be dropped, not recorded. */
    boolean cut();
}
