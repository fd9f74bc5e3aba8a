package io.stampede.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.util.Timeout;
import io.stampede.engine.step.SampleRecorder;

/**
 * The virtual users of one run on one engine (the closed workload model): grows to the target
 * at the spawn rate, smoothly (a tick every 10 ms starts the users owed by then), shrinks by
 * stopping the newest users, and stops everyone on {@link #stop()}. Thread-safe.
 *
 * <p>It sits above the {@link LoadEngine} (whose loops, timer and executors it uses) and hands
 * each {@link VirtualUser} what it needs as a {@link RunScope}.
 */
public final class UserPopulation implements Population {

    private static final long TICK_MILLIS = 10;

    private final LoadEngine engine;
    private final ScenarioPlan plan;
    private final RunSpec spec;
    private final RunScope scope;
    /** Takes this population off the engine's close list once it has stopped. */
    private final Runnable unregister;

    private final Object lock = new Object();
    /** Running users in start order; the newest are stopped first when the target shrinks. */
    private final ArrayList<VirtualUser> active = new ArrayList<>();
    /** Every user not finished yet, including stopping ones. */
    private final Set<VirtualUser> alive = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private int target;
    private double spawnRate;
    private double owed;
    private long lastTickNanos;
    private long spawned;
    private Timeout ticker;
    private volatile boolean stopping;

    private UserPopulation(LoadEngine engine, ScenarioPlan plan, RunSpec spec, SampleRecorder recorder) {
        this.engine = engine;
        this.plan = plan;
        this.spec = spec;
        this.scope = new RunScope(spec.runId(), spec.host(), recorder, plan.variables, plan.groupCount,
                this::userFinished);
        this.unregister = engine.cutOnClose(this::cutAll);
    }

    /**
     * Starts a run on the engine: compiles the scenario (once for all users), then spawns users
     * toward {@code users} at {@code spawnRate} per second.
     *
     * @throws ScenarioRejectedException when the scenario cannot run here; nothing is started then
     */
    public static UserPopulation start(LoadEngine engine, RunSpec spec, SampleRecorder recorder, int users,
                                       double spawnRate) {
        UserPopulation population = new UserPopulation(engine, engine.plan(spec), spec, recorder);
        population.adjust(users, spawnRate);
        return population;
    }

    /**
     * Sets a new target: missing users start at {@code spawnRate} per second (0 or less: all at
     * once); excess users, the newest first, stop at their next step boundary. Kept users go on
     * undisturbed.
     */
    public void adjust(int users, double spawnRate) {
        if (users < 0) {
            throw new IllegalArgumentException("users must be >= 0, was " + users);
        }
        List<VirtualUser> excess = new ArrayList<>();
        synchronized (lock) {
            if (stopping) {
                return;
            }
            target = users;
            this.spawnRate = spawnRate;
            while (active.size() > target) {
                excess.add(active.removeLast());
            }
            if (active.size() < target && ticker == null) {
                lastTickNanos = System.nanoTime();
                owed = 1; // the first user of a ramp starts at once, as in Locust
                tick();
            }
        }
        if (!excess.isEmpty()) {
            stopUsers(excess);
        }
    }

    private void tick() {
        synchronized (lock) {
            ticker = null;
            if (stopping) {
                return;
            }
            long now = System.nanoTime();
            int missing = target - active.size();
            if (spawnRate <= 0) {
                owed = missing;
            } else {
                owed += (now - lastTickNanos) / 1e9 * spawnRate;
            }
            lastTickNanos = now;
            int starting = (int) Math.min(missing, Math.floor(owed));
            for (int i = 0; i < starting; i++) {
                spawnOne();
            }
            owed -= starting;
            if (active.size() >= target) {
                owed = 0;
            } else {
                ticker = engine.timer().newTimeout(t -> tick(), TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void spawnOne() {
        long index = spawned++;
        VirtualUser user = new VirtualUser(scope, plan.classFor(index), spec.userIdOffset() + index, engine.nextLoop());
        active.add(user);
        alive.add(user);
        user.start();
    }

    private void stopUsers(List<VirtualUser> users) {
        for (VirtualUser user : users) {
            user.requestStop();
        }
        // Users still busy after the grace are cut: their in-flight requests are cancelled.
        engine.timer().newTimeout(t -> {
            for (VirtualUser user : users) {
                if (alive.contains(user)) {
                    user.cutNow();
                }
            }
        }, engine.settings().stopGrace().toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops every user: each ends its current step (or is cut after the stop grace), then runs
     * its on_stop steps. Idempotent.
     *
     * @return completes when every user has finished, so the last stats can be drained
     */
    @Override
    public CompletableFuture<Void> stop() {
        List<VirtualUser> users;
        synchronized (lock) {
            if (stopping) {
                return stopped;
            }
            stopping = true;
            target = 0;
            if (ticker != null) {
                ticker.cancel();
                ticker = null;
            }
            users = new ArrayList<>(alive);
            active.clear();
        }
        unregister.run();
        stopUsers(users);
        if (alive.isEmpty()) {
            stopped.complete(null);
        }
        return stopped;
    }

    /** Ends every user now, without grace (engine shutdown). */
    private void cutAll() {
        stop();
        for (VirtualUser user : List.copyOf(alive)) {
            user.cutNow();
        }
    }

    private void userFinished(VirtualUser user) {
        alive.remove(user);
        boolean wasActive;
        synchronized (lock) {
            wasActive = active.remove(user); // only when a user ends by itself, which is rare
        }
        if (stopping && alive.isEmpty()) {
            stopped.complete(null);
        } else if (wasActive && !stopping) {
            adjustAfterLoss();
        }
    }

    private void adjustAfterLoss() {
        synchronized (lock) {
            if (!stopping && ticker == null && active.size() < target) {
                lastTickNanos = System.nanoTime();
                ticker = engine.timer().newTimeout(t -> tick(), TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Running users (not counting those stopping). */
    @Override
    public int userCount() {
        synchronized (lock) {
            return active.size();
        }
    }

    /** Users not finished yet, stopping ones included. */
    public int aliveCount() {
        return alive.size();
    }

    public int targetUsers() {
        synchronized (lock) {
            return target;
        }
    }

    /** True while the population is below its target. */
    @Override
    public boolean isSpawning() {
        synchronized (lock) {
            return !stopping && active.size() < target;
        }
    }

    @Override
    public boolean isStopping() {
        return stopping;
    }

    @Override
    public RunSpec spec() {
        return spec;
    }
}
