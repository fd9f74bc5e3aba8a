package io.stampede.coordinator.run;

import java.time.Duration;

import io.stampede.core.load.LoadModel;
import io.stampede.core.load.RateShape;

/** What a {@code /swarm} during a run may change of its load, and when a rate profile has run out. */
final class LoadChange {

    private LoadChange() {
    }

    /**
     * The run's new load. Users change in place (Locust's behaviour); a new rate applies from
     * now on: its profile is written on the run clock after what already ran, so the workers'
     * schedules stay continuous. Switching between users and a rate needs a new run.
     *
     * @throws IllegalArgumentException naming the field when the model would switch
     */
    static LoadModel apply(Run run, LoadModel requested, long nowNanos) {
        return switch (run.load()) {
            case LoadModel.Closed ignored when requested instanceof LoadModel.Closed -> requested;
            case LoadModel.Open before when requested instanceof LoadModel.Open after -> {
                long elapsed = Math.max(0, nowNanos - run.startedAtNanos());
                yield new LoadModel.Open(new RateShape.Continued(before.profile().rateAt(elapsed), Duration.ofNanos(elapsed), after.shape()),
                        after.arrivals(), after.maxInFlight(), after.maxQueue());
            }
            default -> throw new IllegalArgumentException((requested instanceof LoadModel.Open ? "rate" : "user_count")
                    + ": this run uses " + (run.load() instanceof LoadModel.Open ? "an arrival rate" : "users")
                    + "; stop it to start one with " + (requested instanceof LoadModel.Open ? "a rate" : "users"));
        };
    }

    /**
     * Workers end their schedules with the profile by themselves; the run is stopped this much
     * later, so a worker whose clock runs a little behind the coordinator's still starts its
     * last iterations.
     */
    static final long PROFILE_END_GRACE_NANOS = 1_000_000_000L;

    /** True when the run's load is an open model whose bounded profile has ended (plus the grace). */
    static boolean profileEnded(Run run, long nowNanos) {
        if (!(run.load() instanceof LoadModel.Open open)) {
            return false;
        }
        long duration = open.profile().durationNanos();
        return duration != Long.MAX_VALUE && nowNanos - run.startedAtNanos() >= duration + PROFILE_END_GRACE_NANOS;
    }
}
