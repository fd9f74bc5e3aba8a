package io.stampede.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.stampede.core.link.OpenShare;
import io.stampede.engine.inject.open.ArrivalSchedule;
import io.stampede.engine.step.SampleRecorder;

/**
 * The open workload model of one run on one engine: iterations start on this worker's slice of
 * the run's arrival schedule, whatever the target does. An iteration is one task pass of a
 * virtual user taken from a pool (created on demand, up to the in-flight cap, kept for the
 * run so cookies and variables live on as in k6's VU pool); one due while every slot is busy
 * waits in a bounded queue and, beyond it, is dropped and counted. Each request's corrected
 * latency counts from its iteration's intended start.
 *
 * <p>The worker's slice is split into one lane per event loop, or per slot when the in-flight cap is lower (every L-th arrival of the slice,
 * see {@link ArrivalSchedule}); a lane's schedule, queue, pool and users all live on its loop,
 * so the arrival path takes no lock and crosses no thread.
 */
public final class ArrivalPopulation implements Population {

    /**
     * A lane's arrival timer fires at most every 100 µs; at higher rates one tick starts every
     * arrival due by then, each with its intended start (so its corrected latency and the schedule
     * lag show the wait). Why: each timer of the loop is a task and a turn of the loop, and Netty
     * puts a ring timeout on the loop's wait while a timer is pending, which costs a kernel timer
     * armed and cancelled with interrupts off: at 40,000 arrivals a second, a timer per arrival
     * (25 µs apart) kept a worker core full, and grouping them per 100 µs carried the same rate
     * on 42 % less CPU with the same median latency (docs/performance.md, item 15). wrk2 paces its
     * requests on 1 ms timers.
     */
    static final long TICK_GAP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final LoadEngine engine;
    private final ScenarioPlan plan;
    private final RunSpec spec;
    private final RunScope scope;
    private final IterationCounter iterations;
    private final Runnable unregister;
    /** {@code System.nanoTime()} at the run clock's zero (when the load started, as the coordinator counts). */
    private final long zeroNanos;
    private final Lane[] lanes;
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean stopping;

    /** Open-model iteration counts, for the achieved rate, the dropped count and the generator's timing error. */
    public interface IterationCounter {
        void started();

        void dropped();

        /** A due iteration was noticed {@code lagNanos} after its intended start (timers, busy loops). */
        void noticedLate(long lagNanos);
    }

    private ArrivalPopulation(LoadEngine engine, ScenarioPlan plan, RunSpec spec, SampleRecorder recorder,
                              IterationCounter iterations, OpenShare share, long receivedNanos) {
        this.engine = engine;
        this.plan = plan;
        this.spec = spec;
        this.iterations = iterations;
        this.scope = new RunScope(spec.runId(), spec.host(), recorder, plan.variables, plan.groupCount,
                this::userFinished);
        this.zeroNanos = share.zeroNanos(receivedNanos);
        List<EventLoop> loops = engine.allLoops();
        this.lanes = new Lane[loops.size()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i, loops.get(i));
        }
        this.unregister = engine.cutOnClose(this::cutAll);
    }

    /**
     * Starts this worker's share of an open-model run.
     *
     * @throws ScenarioRejectedException when the scenario cannot run here; nothing is started then
     */
    public static ArrivalPopulation start(LoadEngine engine, RunSpec spec, SampleRecorder recorder,
                                          IterationCounter iterations, OpenShare share) {
        return start(engine, spec, recorder, iterations, share, System.nanoTime());
    }

    /**
     * @param receivedNanos {@code System.nanoTime()} when the share arrived: with the share's
     *                      {@code runElapsedNanos} it anchors this worker's run clock
     */
    public static ArrivalPopulation start(LoadEngine engine, RunSpec spec, SampleRecorder recorder,
                                          IterationCounter iterations, OpenShare share, long receivedNanos) {
        ArrivalPopulation population = new ArrivalPopulation(engine, engine.plan(spec), spec, recorder, iterations, share,
                receivedNanos);
        population.reshare(share);
        return population;
    }

    /**
     * Takes a new share (a worker joined or left): from the share's start on, this worker's
     * lanes follow the new slice; until then the old one. A share that arrives after its start
     * (a worker left: the others take over at once) takes over now and first starts what the new
     * slice owed since its start beyond what the old one started, so nothing is started twice or
     * left out.
     */
    public void reshare(OpenShare share) {
        if (stopping) {
            return;
        }
        long from = share.fromNanos();
        // An in-flight cap below the loop count runs on that many lanes only: a cap of 1 means one
        // iteration at a time on the worker, not one per event loop. The cap and the queue are split
        // exactly (the first lanes take the remainder), so the lanes' caps add up to the share's.
        int active = Math.min(lanes.length, Math.max(1, share.maxInFlight()));
        for (Lane lane : lanes) {
            int i = lane.index;
            if (i >= active) {
                // An empty window: owes nothing, so a lane that was active hands its part over cleanly.
                ArrivalSchedule none = new ArrivalSchedule(share.profile(), 1, 0, share.arrivals(), from, from,
                        new SplittableRandom(i));
                lane.execute(() -> lane.switchTo(none, from, 0, 0));
                continue;
            }
            int laneCap = Math.max(1, split(share.maxInFlight(), active, i));
            int laneQueue = split(share.maxQueue(), active, i);
            // Lane i takes every active-th arrival of the worker's slice: fraction f/active, phase (i + phase)/active.
            ArrivalSchedule schedule = new ArrivalSchedule(share.profile(), share.fraction() / active,
                    (i + share.phase()) / active, share.arrivals(), from, Long.MAX_VALUE,
                    new SplittableRandom(spec.runId() == null ? i : spec.runId().hashCode() * 31L + i
                            + (long) share.workerIndex() * 1_000_003L));
            lane.execute(() -> lane.switchTo(schedule, from, laneCap, laneQueue));
        }
    }

    /** Part {@code i} of {@code total} split into {@code parts} as evenly as whole numbers allow. */
    static int split(int total, int parts, int i) {
        return total / parts + (i < total % parts ? 1 : 0);
    }

    private long now() {
        return System.nanoTime() - zeroNanos;
    }

    /**
     * Stops the schedule, forgets queued iterations (they never started; not counted as dropped),
     * lets running iterations end their current step (cut after the stop grace), then runs every
     * pool user's on_stop. Idempotent.
     *
     * @return completes when every user has finished, so the last stats can be drained
     */
    @Override
    public CompletableFuture<Void> stop() {
        if (!stopping) {
            stopping = true;
            unregister.run();
            for (Lane lane : lanes) {
                lane.execute(lane::stop);
            }
            engine.timer().newTimeout(t -> {
                for (Lane lane : lanes) {
                    lane.execute(lane::cut);
                }
            }, engine.settings().stopGrace().toNanos(), TimeUnit.NANOSECONDS);
            completeIfDone();
        }
        return stopped;
    }

    private void cutAll() {
        stop();
        for (Lane lane : lanes) {
            lane.execute(lane::cut);
        }
    }

    private void userFinished(VirtualUser user) {
        alive.decrementAndGet();
        completeIfDone();
    }

    private void completeIfDone() {
        if (stopping && alive.get() == 0) {
            stopped.complete(null);
        }
    }

    /** Iterations in flight across the lanes (the open model's "users" figure); 0 once stopping, as for the closed model. */
    @Override
    public int userCount() {
        if (stopping) {
            return 0;
        }
        int sum = 0;
        for (Lane lane : lanes) {
            sum += lane.busy;
        }
        return sum;
    }

    /** Users created so far (the pool), busy or idle. */
    public int poolSize() {
        return alive.get();
    }

    @Override
    public boolean isStopping() {
        return stopping;
    }

    /** The open model has no ramp of users: its rate profile is the ramp. */
    @Override
    public boolean isSpawning() {
        return false;
    }

    @Override
    public RunSpec spec() {
        return spec;
    }

    /** One event loop's part of the slice. Every field is touched on {@link #loop} only. */
    private final class Lane {
        final int index;
        final EventLoop loop;
        ArrivalSchedule schedule;
        /** The next share's schedule and the run time it takes over at; null when none is pending. */
        ArrivalSchedule pending;
        long pendingFrom;
        int cap;
        int maxQueue;
        /** The intended start of the next arrival of {@link #schedule}; -1 when it has ended. */
        long next = -1;
        final ArrayDeque<VirtualUser> idle = new ArrayDeque<>();
        final List<VirtualUser> pool = new ArrayList<>();
        /** Intended starts of iterations waiting for a slot, oldest first. */
        final ArrayDeque<Long> queue = new ArrayDeque<>();
        volatile int busy;
        int users;
        ScheduledFuture<?> timer;
        /** When {@link #tick()} last ran, in run time; the next runs no sooner than {@link #TICK_GAP_NANOS} after. */
        long lastTick = Long.MIN_VALUE / 2;
        boolean stopped;

        Lane(int index, EventLoop loop) {
            this.index = index;
            this.loop = loop;
        }

        void execute(Runnable action) {
            if (loop.inEventLoop()) {
                action.run();
            } else {
                loop.execute(action);
            }
        }

        void switchTo(ArrivalSchedule newSchedule, long from, int newCap, int newQueue) {
            if (stopped) {
                return;
            }
            cap = newCap;
            maxQueue = newQueue;
            long now = now();
            if (schedule == null) {
                schedule = newSchedule;
                next = schedule.next();
            } else if (from > now) {
                pending = newSchedule;
                pendingFrom = from;
            } else {
                catchUp(newSchedule, from, now);
            }
            arm();
        }

        /**
         * Switches to {@code newSchedule} whose start {@code from} has passed: of its arrivals due
         * by now, as many as it owed beyond what the old slice started since {@code from} start
         * at once (the latest of them, late by their due time), the rest are not owed.
         */
        private void catchUp(ArrivalSchedule newSchedule, long from, long now) {
            double startedByOld = schedule.expectedBy(now) - schedule.expectedBy(from);
            long owed = Math.round(newSchedule.expectedBy(now) - startedByOld);
            ArrayDeque<Long> due = new ArrayDeque<>();
            long t = newSchedule.next();
            while (t >= 0 && t <= now) {
                due.addLast(t);
                if (due.size() > Math.max(0, owed)) {
                    due.pollFirst();
                }
                t = newSchedule.next();
            }
            schedule = newSchedule;
            pending = null;
            next = t;
            for (long intended : due) {
                arrive(intended);
            }
        }

        /** Starts everything due by now, then sleeps until the next arrival. */
        void tick() {
            timer = null;
            if (stopped) {
                return;
            }
            long now = now();
            lastTick = now;
            while (true) {
                if (pending != null && (next < 0 || next >= pendingFrom)) {
                    schedule = pending;
                    pending = null;
                    next = schedule.next();
                    continue;
                }
                if (next < 0 || next > now) {
                    break;
                }
                arrive(next);
                next = schedule.next();
            }
            arm();
        }

        private void arm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            long due = next >= 0 ? next : pending != null ? pendingFrom : -1;
            if (due >= 0 && !stopped) {
                long at = Math.max(due, lastTick + TICK_GAP_NANOS);
                timer = loop.schedule(this::tick, Math.max(0, at - now()), TimeUnit.NANOSECONDS);
            }
        }

        private void arrive(long intended) {
            iterations.noticedLate(now() - intended);
            VirtualUser user = idle.pollFirst();
            if (user != null) {
                begin(user, intended);
            } else if (users < cap) {
                createAndBegin(intended);
            } else if (queue.size() < maxQueue) {
                queue.addLast(intended);
            } else {
                iterations.dropped();
            }
        }

        private void createAndBegin(long intended) {
            users++;
            busy++;
            alive.incrementAndGet();
            long index = created.getAndIncrement();
            VirtualUser user = new VirtualUser(scope, plan.classFor(index), spec.userIdOffset() + index, loop);
            pool.add(user);
            // on_start runs first; its time counts against the iteration's intended start.
            user.startIdle(() -> execute(() -> {
                busy--;
                begin(user, intended);
            }));
        }

        private void begin(VirtualUser user, long intended) {
            busy++;
            iterations.started();
            user.runIteration(Math.max(0, now() - intended), () -> execute(() -> iterationDone(user)));
        }

        private void iterationDone(VirtualUser user) {
            busy--;
            if (stopped) {
                user.stopIdle();
                return;
            }
            Long waiting = queue.pollFirst();
            if (waiting != null) {
                begin(user, waiting);
            } else {
                idle.addLast(user);
            }
        }

        void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            queue.clear();
            for (VirtualUser user : pool) {
                user.requestStop();
            }
            VirtualUser user;
            while ((user = idle.pollFirst()) != null) {
                user.stopIdle();
            }
        }

        void cut() {
            stop();
            for (VirtualUser u : pool) {
                u.cutNow();
            }
        }
    }
}
