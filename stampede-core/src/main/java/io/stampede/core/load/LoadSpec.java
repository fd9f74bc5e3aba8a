package io.stampede.core.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.stampede.core.scenario.Durations;

/**
 * A load as one source gave it (a scenario's {@code load:} section, the command line, a
 * {@code POST /swarm}), every field optional. Sources are layered with {@link #overriddenBy}
 * (the CLI over the scenario) and the result turned into a {@link LoadModel} by
 * {@link #toModel()}, which is where every conflict is refused with the field it concerns.
 *
 * @param users        closed model: concurrent users
 * @param spawnRate    closed model: users started per second
 * @param rate         open model: a constant rate (iterations per second)
 * @param duration     open model with {@code rate}: how long the rate is held
 * @param stages       open model: stages one after another
 * @param stairs       open model: a staircase
 * @param maxInFlight  open model: the in-flight cap
 * @param maxQueue     open model: iterations that may wait for a slot before more are dropped
 * @param arrivals     open model: even or poisson
 */
public record LoadSpec(Integer users, Double spawnRate, Double rate, Duration duration, List<RateShape.Stage> stages,
                       RateShape.Stairs stairs, Integer maxInFlight, Integer maxQueue, Arrivals arrivals) {

    /** Users when nothing says otherwise (Locust's default). */
    public static final int DEFAULT_USERS = 1;
    /** Spawn rate when nothing says otherwise (Locust's default). */
    public static final double DEFAULT_SPAWN_RATE = 1;

    public static final LoadSpec EMPTY = new LoadSpec(null, null, null, null, null, null, null, null, null);

    public LoadSpec {
        stages = stages == null ? null : List.copyOf(stages);
    }

    public static LoadSpec closed(Integer users, Double spawnRate) {
        return new LoadSpec(users, spawnRate, null, null, null, null, null, null, null);
    }

    /** True when this source chose a model (users or a rate shape), not only tuning fields. */
    public boolean choosesModel() {
        return users != null || spawnRate != null || choosesOpenShape();
    }

    private boolean choosesOpenShape() {
        return rate != null || stages != null || stairs != null;
    }

    /**
     * This spec with {@code over}'s fields on top. When {@code over} chooses a model, the
     * other model's fields of this spec are dropped, so {@code -u 10} on the command line runs
     * a scenario whose {@code load:} says {@code rate: 500/s} with 10 users, not a conflict.
     */
    public LoadSpec overriddenBy(LoadSpec over) {
        LoadSpec base = this;
        if (over.choosesOpenShape()) {
            base = new LoadSpec(null, null, null, null, null, null, maxInFlight, maxQueue, arrivals);
        } else if (over.users != null || over.spawnRate != null) {
            base = new LoadSpec(users, spawnRate, null, null, null, null, null, null, null);
        }
        return new LoadSpec(
                over.users != null ? over.users : base.users,
                over.spawnRate != null ? over.spawnRate : base.spawnRate,
                over.rate != null ? over.rate : base.rate,
                over.duration != null ? over.duration : base.duration,
                over.stages != null ? over.stages : base.stages,
                over.stairs != null ? over.stairs : base.stairs,
                over.maxInFlight != null ? over.maxInFlight : base.maxInFlight,
                over.maxQueue != null ? over.maxQueue : base.maxQueue,
                over.arrivals != null ? over.arrivals : base.arrivals);
    }

    /** The model to run; throws {@link LoadSpecException} naming the first field in conflict or out of range. */
    public LoadModel toModel() {
        int shapes = (rate != null ? 1 : 0) + (stages != null ? 1 : 0) + (stairs != null ? 1 : 0);
        if (shapes > 1) {
            throw new LoadSpecException(rate != null ? "rate" : "stages", "give one of rate, stages and stairs");
        }
        if (shapes == 0) {
            requireRate("max_in_flight", maxInFlight);
            requireRate("max_queue", maxQueue);
            requireRate("arrivals", arrivals);
            requireRate("duration", duration);
            int u = users == null ? DEFAULT_USERS : users;
            double r = spawnRate == null ? DEFAULT_SPAWN_RATE : spawnRate;
            if (u < 0) {
                throw new LoadSpecException("users", "must be 0 or more, got " + u);
            }
            if (!Double.isFinite(r) || r <= 0) {
                throw new LoadSpecException("spawn_rate", "must be a number above 0, got " + r);
            }
            return new LoadModel.Closed(u, r);
        }
        if (users != null) {
            throw new LoadSpecException("users", "conflicts with an arrival rate: the closed model (users) and the"
                    + " open model (rate, stages, stairs) exclude each other");
        }
        if (spawnRate != null) {
            throw new LoadSpecException("spawn_rate", "only with users (the closed model); an arrival rate starts"
                    + " iterations, not users");
        }
        if (duration != null && rate == null) {
            throw new LoadSpecException("duration", "only with rate (stages and stairs have their own durations)");
        }
        if (maxInFlight != null && maxInFlight < 1) {
            throw new LoadSpecException("max_in_flight", "must be 1 or more, got " + maxInFlight);
        }
        if (maxQueue != null && maxQueue < 0) {
            throw new LoadSpecException("max_queue", "must be 0 or more, got " + maxQueue);
        }
        RateShape shape;
        try {
            if (rate != null) {
                shape = new RateShape.Constant(Rate.check(rate, Rate.format(Math.max(rate, 0))), duration);
            } else if (stages != null) {
                // A first stage that ramps starts from 0, as k6's ramping-arrival-rate does by default.
                shape = new RateShape.Stages(stages.getFirst().ramp() ? 0 : stages.getFirst().perSecond(), stages);
            } else {
                shape = stairs;
            }
        } catch (IllegalArgumentException e) {
            throw new LoadSpecException(rate != null ? "rate" : stages != null ? "stages" : "stairs", e.getMessage());
        }
        return new LoadModel.Open(shape, arrivals == null ? Arrivals.EVEN : arrivals,
                maxInFlight == null ? LoadModel.Open.DEFAULT_MAX_IN_FLIGHT : maxInFlight,
                maxQueue == null ? LoadModel.Open.DEFAULT_MAX_QUEUE : maxQueue);
    }

    private static void requireRate(String field, Object value) {
        if (value != null) {
            throw new LoadSpecException(field, "only with an arrival rate (rate, stages or stairs)");
        }
    }

    /**
     * Parses the one-line stage list of {@code --stages} and the API: comma-separated
     * {@code RATE:DURATION} stages that hold their rate, or {@code ->RATE:DURATION} stages that
     * ramp to it from the previous one, e.g. {@code 100/s:30s,->400/s:1m,400/s:5m}.
     */
    public static List<RateShape.Stage> parseStages(String text) {
        if (text == null || text.isBlank()) {
            throw new LoadSpecException("stages", "is empty (write e.g. 100/s:30s,->400/s:1m)");
        }
        String[] parts = text.split(",");
        if (parts.length > RateShape.Stairs.MAX_STEPS) {
            throw new LoadSpecException("stages", "more than " + RateShape.Stairs.MAX_STEPS + " stages");
        }
        List<RateShape.Stage> stages = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            boolean ramp = part.startsWith("->");
            String body = ramp ? part.substring(2).strip() : part;
            int colon = body.lastIndexOf(':');
            if (colon <= 0) {
                throw new LoadSpecException("stages", "stage " + (i + 1) + " '" + part
                        + "' needs RATE:DURATION (a rate with no duration), e.g. 100/s:30s");
            }
            try {
                stages.add(new RateShape.Stage(Rate.parsePerSecondOrZero(body.substring(0, colon)),
                        Durations.parse(body.substring(colon + 1)), ramp));
            } catch (IllegalArgumentException e) {
                throw new LoadSpecException("stages", "stage " + (i + 1) + ": " + e.getMessage());
            }
        }
        return stages;
    }

    /** Parses {@code --stairs START,STEP,EVERY,UNTIL}, e.g. {@code 100/s,50/s,30s,400/s}. */
    public static RateShape.Stairs parseStairs(String text) {
        String[] parts = text == null ? new String[0] : text.split(",");
        if (parts.length != 4) {
            throw new LoadSpecException("stairs", "expected START,STEP,EVERY,UNTIL, e.g. 100/s,50/s,30s,400/s");
        }
        try {
            return new RateShape.Stairs(Rate.parsePerSecond(parts[0]), Rate.parsePerSecond(parts[1]),
                    Durations.parse(parts[2]), Rate.parsePerSecond(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new LoadSpecException("stairs", e.getMessage());
        }
    }

    public static Arrivals parseArrivals(String text) {
        try {
            return Arrivals.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new LoadSpecException("arrivals", "'" + text + "' is not one of even, poisson");
        }
    }
}
