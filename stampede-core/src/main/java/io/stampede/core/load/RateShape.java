package io.stampede.core.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.stampede.core.scenario.Durations;

/**
 * The arrival rate of an open workload over time, across all workers, as the user wrote it.
 * Each shape turns into a {@link RateProfile} (piecewise-linear segments) that the engine
 * schedules from; the shapes exist so errors, the UI and reports speak the user's terms.
 */
public sealed interface RateShape {

    RateProfile profile();

    String describe();

    /**
     * One rate for the whole run ({@code --rate 500/s}, {@code load: {rate: 500/s}}).
     *
     * @param perSecond iterations per second
     * @param duration  how long; null: until the run time ends or the run is stopped
     */
    record Constant(double perSecond, Duration duration) implements RateShape {
        public Constant {
            Rate.check(perSecond, perSecond);
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("duration: must be above 0");
            }
        }

        @Override
        public RateProfile profile() {
            return duration == null
                    ? RateProfile.unbounded(perSecond)
                    : new RateProfile(List.of(RateProfile.Segment.hold(perSecond, duration)), false);
        }

        @Override
        public String describe() {
            return Rate.format(perSecond) + (duration == null ? "" : " for " + Durations.format(duration));
        }
    }

    /**
     * Stages run one after another (k6's ramping-arrival-rate): a stage with {@code ramp}
     * false holds its rate for its duration; with {@code ramp} true the rate moves linearly
     * from the previous stage's end rate (or {@code startRate}) to the stage's rate. The load
     * ends with the last stage.
     */
    record Stages(double startRate, List<Stage> stages) implements RateShape {
        public Stages {
            if (!Double.isFinite(startRate) || startRate < 0 || startRate > Rate.MAX_PER_SECOND) {
                throw new IllegalArgumentException("start_rate: must be between 0 and " + Rate.format(Rate.MAX_PER_SECOND));
            }
            stages = List.copyOf(stages);
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("stages: needs at least one stage");
            }
        }

        @Override
        public RateProfile profile() {
            List<RateProfile.Segment> segments = new ArrayList<>(stages.size());
            double previous = startRate;
            for (Stage stage : stages) {
                segments.add(stage.ramp()
                        ? RateProfile.Segment.ramp(previous, stage.perSecond(), stage.duration())
                        : RateProfile.Segment.hold(stage.perSecond(), stage.duration()));
                previous = stage.perSecond();
            }
            return new RateProfile(segments, false);
        }

        @Override
        public String describe() {
            double peak = stages.stream().mapToDouble(Stage::perSecond).max().orElse(0);
            Duration total = stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
            return stages.size() + " stages up to " + Rate.format(peak) + " over " + Durations.format(total);
        }
    }

    /**
     * One stage of {@link Stages}.
     *
     * @param perSecond the stage's rate (held, or ramped to)
     * @param duration  how long the stage lasts, above 0
     * @param ramp      move linearly to {@code perSecond} instead of holding it
     */
    record Stage(double perSecond, Duration duration, boolean ramp) {
        public Stage {
            if (!Double.isFinite(perSecond) || perSecond < 0 || perSecond > Rate.MAX_PER_SECOND) {
                throw new IllegalArgumentException("rate: must be between 0 and " + Rate.format(Rate.MAX_PER_SECOND));
            }
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration: must be above 0");
            }
        }
    }

    /**
     * A new shape given while a run is on: the run clock had run {@code before} at
     * {@code rateBefore}; {@code then} starts from there. Keeps the schedule of every worker
     * continuous across the change, since all of them count time from the run's start.
     */
    record Continued(double rateBefore, Duration before, RateShape then) implements RateShape {
        public Continued {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(then, "then");
        }

        @Override
        public RateProfile profile() {
            RateProfile later = then.profile();
            if (before.isZero() || before.isNegative()) {
                return later;
            }
            List<RateProfile.Segment> segments = new ArrayList<>();
            segments.add(RateProfile.Segment.hold(rateBefore, before));
            segments.addAll(later.segments());
            return new RateProfile(segments, later.unbounded());
        }

        @Override
        public String describe() {
            return then.describe();
        }
    }

    /**
     * A staircase (the shape of a capacity search): {@code start}, then {@code start + step}
     * every {@code every}, up to and including {@code until}, each step held for {@code every}.
     */
    record Stairs(double start, double step, Duration every, double until) implements RateShape {

        /** A staircase longer than this is a typo, not a test plan; it also bounds the profile's size. */
        public static final int MAX_STEPS = 10_000;

        public Stairs {
            Rate.check(start, start);
            Rate.check(until, until);
            if (!Double.isFinite(step) || step <= 0) {
                throw new IllegalArgumentException("step: must be above 0");
            }
            Objects.requireNonNull(every, "every");
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("every: must be above 0");
            }
            if (until < start) {
                throw new IllegalArgumentException("until: " + Rate.format(until) + " is below start " + Rate.format(start));
            }
            if ((until - start) / step + 1 > MAX_STEPS) {
                throw new IllegalArgumentException("step: more than " + MAX_STEPS + " steps from start to until");
            }
        }

        /** The rates of the staircase, in order (the last one is {@code until}, or the last step below it). */
        public List<Double> rates() {
            List<Double> rates = new ArrayList<>();
            // Counting steps instead of adding step to a running sum keeps 0.1-sized steps exact enough.
            for (int i = 0; ; i++) {
                double rate = start + i * step;
                if (rate > until + step * 1e-9) {
                    break;
                }
                rates.add(Math.min(rate, until));
            }
            return rates;
        }

        @Override
        public RateProfile profile() {
            List<RateProfile.Segment> segments = new ArrayList<>();
            for (double rate : rates()) {
                segments.add(RateProfile.Segment.hold(rate, every));
            }
            return new RateProfile(segments, false);
        }

        @Override
        public String describe() {
            return "stairs " + Rate.format(start) + " +" + Rate.format(step) + " every " + Durations.format(every)
                    + " to " + Rate.format(until);
        }
    }
}
