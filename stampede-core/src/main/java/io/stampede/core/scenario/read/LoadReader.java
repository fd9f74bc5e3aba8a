package io.stampede.core.scenario.read;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.stampede.core.load.Arrivals;
import io.stampede.core.load.LoadSpec;
import io.stampede.core.load.LoadSpecException;
import io.stampede.core.load.Rate;
import io.stampede.core.load.RateShape;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.nodes.Node;

import static io.stampede.core.scenario.read.Grammar.DURATION;
import static io.stampede.core.scenario.read.Grammar.INTEGER;
import static io.stampede.core.scenario.read.Grammar.NUMBER;
import static io.stampede.core.scenario.read.Grammar.RATE;
import static io.stampede.core.scenario.read.Grammar.list;
import static io.stampede.core.scenario.read.Grammar.object;
import static io.stampede.core.scenario.read.Grammar.values;

/**
 * Reads {@code load:}, the workload model of the scenario (the command line and the API
 * override it field by field, see {@link LoadSpec#overriddenBy}). Conflicts between fields are
 * found by {@link LoadSpec#toModel()} and reported at the key they concern.
 */
final class LoadReader extends ConstructReader {

    static final ObjectType LOAD = object("load", "The workload model: users (closed) or an arrival rate (open); the command line overrides it.")
            .optional("users", INTEGER, "Closed model: concurrent users across all workers.")
            .optional("spawn_rate", NUMBER, "Closed model: users started per second across all workers.")
            .optional("rate", RATE, "Open model: iterations started per second across all workers, e.g. 500/s.")
            .optional("duration", DURATION, "Open model with rate: how long to hold it (default: the run time).")
            .optional("stages", list(new Grammar.Ref("stage")), "Open model: rates one after another, e.g. [{rate: 100/s, duration: 30s}, {target: 400/s, duration: 1m}].")
            .optional("stairs", new Grammar.Ref("stairs"), "Open model: a staircase of rates, e.g. {start: 100/s, step: 50/s, every: 30s, until: 400/s}.")
            .optional("max_in_flight", INTEGER, "Open model: at most this many iterations in flight across all workers (Fortio's c).")
            .optional("max_queue", INTEGER, "Open model: iterations that may wait for a free slot; one more is dropped and counted (default 10000).")
            .optional("arrivals", values(Arrivals.class), "Open model: evenly spaced (default) or poisson.")
            .atMostOne("rate", "stages", "stairs")
            .build();

    static final ObjectType STAGE = object("stage", "One stage: hold a rate, or ramp linearly to a target, for a duration.")
            .optional("rate", RATE, "Hold this rate for the stage.")
            .optional("target", RATE, "Ramp linearly from the previous stage's rate to this one (k6's target).")
            .required("duration", DURATION, "How long the stage lasts.")
            .exactlyOne("rate", "target")
            .build();

    static final ObjectType STAIRS = object("stairs", "start, then start + step every 'every', up to and including until.")
            .required("start", RATE, "The first rate.")
            .required("step", RATE, "Added at each step.")
            .required("every", DURATION, "How long each rate is held.")
            .required("until", RATE, "The last rate.")
            .build();

    LoadReader(ReadContext context) {
        super(context);
    }

    /** The {@code load:} section; {@link LoadSpec#EMPTY} when absent or wrong (wrong is reported). */
    LoadSpec load(Node node) {
        if (node == null) {
            return LoadSpec.EMPTY;
        }
        TypedMapping o = nodes.object(node, "load");
        if (o == null) {
            return LoadSpec.EMPTY;
        }
        LoadSpec spec = new LoadSpec(nodes.integer(o, "users"), number(o, "spawn_rate"), rate(o.value("rate")),
                nodes.duration(o, "duration"), stages(o.value("stages")), stairs(o.value("stairs")),
                nodes.integer(o, "max_in_flight"), nodes.integer(o, "max_queue"),
                nodes.enumValue(o, "arrivals", Arrivals.class, null));
        try {
            spec.toModel();
        } catch (LoadSpecException e) {
            Node at = o.value(e.field());
            nodes.error(at != null ? at : node, e.getMessage(), null);
            return LoadSpec.EMPTY;
        }
        return spec;
    }

    private Double number(TypedMapping o, String key) {
        Node n = o.value(key);
        if (n == null) {
            return null;
        }
        String text = nodes.scalar(n, "a number");
        try {
            return text == null ? null : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            nodes.error(n, "'" + text + "' is not a number", null);
            return null;
        }
    }

    private Double rate(Node n) {
        return rate(n, false);
    }

    /** @param zeroAllowed a stage may hold 0/s: a pause in the load */
    private Double rate(Node n, boolean zeroAllowed) {
        if (n == null) {
            return null;
        }
        String text = nodes.scalar(n, "a rate like 500/s");
        if (text == null) {
            return null;
        }
        try {
            return zeroAllowed ? Rate.parsePerSecondOrZero(text) : Rate.parsePerSecond(text);
        } catch (IllegalArgumentException e) {
            nodes.error(n, e.getMessage(), "e.g. 500/s, 30/m, or a number of iterations per second");
            return null;
        }
    }

    private List<RateShape.Stage> stages(Node node) {
        if (node == null) {
            return null;
        }
        List<RateShape.Stage> stages = new ArrayList<>();
        for (Node n : nodes.list(node, "a list of stages")) {
            TypedMapping o = nodes.object(n, "stage");
            if (o == null) {
                continue;
            }
            boolean ramp = o.has("target");
            Node rateNode = o.value(ramp ? "target" : "rate");
            Double perSecond = rateNode == null ? null : rate(rateNode, true);
            Duration duration = nodes.duration(o, "duration");
            if (perSecond != null && duration != null) {
                try {
                    stages.add(new RateShape.Stage(perSecond, duration, ramp));
                } catch (IllegalArgumentException e) {
                    nodes.error(n, e.getMessage(), null);
                }
            }
        }
        return stages.isEmpty() ? null : stages;
    }

    private RateShape.Stairs stairs(Node node) {
        if (node == null) {
            return null;
        }
        TypedMapping o = nodes.object(node, "stairs");
        if (o == null) {
            return null;
        }
        Double start = rate(o.value("start"));
        Double step = rate(o.value("step"));
        Duration every = nodes.duration(o, "every");
        Double until = rate(o.value("until"));
        if (start == null || step == null || every == null || until == null) {
            return null;
        }
        try {
            return new RateShape.Stairs(start, step, every, until);
        } catch (IllegalArgumentException e) {
            nodes.error(node, "stairs: " + e.getMessage(), null);
            return null;
        }
    }
}
