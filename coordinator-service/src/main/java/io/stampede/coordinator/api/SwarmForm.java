package io.stampede.coordinator.api;

import java.time.Duration;
import java.util.Map;

import io.stampede.coordinator.cli.LaunchCommand;
import io.stampede.coordinator.cli.RunTimeParser;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.LoadSpec;
import io.stampede.core.load.LoadSpecException;
import io.stampede.core.load.Rate;

/**
 * Reads Locust's {@code POST /swarm} fields (form, multipart or JSON, all flattened to strings)
 * into a {@link SwarmCommand}. Legacy names {@code locust_count} and {@code hatch_rate} are
 * accepted; errors name the field as the client sent it, and a value over one of the
 * {@link RunLimits} names the property that sets it. Beside Locust's fields, the open model's:
 * {@code rate} (in place of {@code user_count}), {@code stages}, {@code stairs},
 * {@code max_in_flight}, {@code max_queue}, {@code arrivals}; they override the scenario's
 * {@code load:} section field by field, as the command line does.
 */
public final class SwarmForm {

    private SwarmForm() {
    }

    /** {@link #read(Map, RunLimits, LoadSpec)} for a scenario without a {@code load:} section. */
    public static SwarmCommand read(Map<String, String> fields, RunLimits limits) {
        return read(fields, limits, LoadSpec.EMPTY);
    }

    /** @param scenarioLoad the scenario's {@code load:} section, under what the request gives */
    public static SwarmCommand read(Map<String, String> fields, RunLimits limits, LoadSpec scenarioLoad) {
        String usersField = fields.containsKey("locust_count") && !fields.containsKey("user_count")
                ? "locust_count" : "user_count";
        String rateField = fields.containsKey("hatch_rate") && !fields.containsKey("spawn_rate")
                ? "hatch_rate" : "spawn_rate";
        LoadSpec open = openFields(fields, limits);
        boolean usersGiven = blankToNull(text(fields, usersField, limits)) != null;
        if (!usersGiven && !open.choosesModel() && !scenarioLoad.choosesModel()) {
            throw new InvalidField(usersField, "required (or rate for an arrival rate)");
        }
        Integer users = usersGiven ? parseUsers(usersField, text(fields, usersField, limits), limits) : null;
        Double spawnRate = null; // boxed on purpose: absent unless given, or required with users
        if (blankToNull(text(fields, rateField, limits)) != null) {
            spawnRate = parseRate(rateField, text(fields, rateField, limits), limits);
        } else if (usersGiven && !open.choosesModel()) {
            parseRate(rateField, null, limits); // Locust's rule: users need a spawn rate ("required")
        }
        LoadSpec request = new LoadSpec(users, spawnRate, open.rate(), null, open.stages(), open.stairs(),
                open.maxInFlight(), open.maxQueue(), open.arrivals());
        LoadModel load;
        try {
            load = scenarioLoad.overriddenBy(request).toModel();
        } catch (LoadSpecException e) {
            throw new InvalidField(e.field().equals("users") ? usersField
                    : e.field().equals("spawn_rate") ? rateField : e.field(), e.reason());
        }
        String host = blankToNull(text(fields, "host", limits));
        if (host != null) {
            String problem = LaunchCommand.HostValidator.problem(host);
            if (problem != null) {
                throw new InvalidField("host", problem);
            }
        }
        Duration runTime = null;
        String runTimeText = blankToNull(text(fields, "run_time", limits));
        if (runTimeText != null) {
            try {
                runTime = RunTimeParser.parse(runTimeText);
            } catch (IllegalArgumentException e) {
                throw new InvalidField("run_time", e.getMessage());
            }
            if (runTime.compareTo(limits.maxRunTime()) > 0) {
                throw new InvalidField("run_time", "at most " + limits.maxRunTime().toSeconds() + "s "
                        + RunLimits.property("max-run-time"));
            }
        }
        return new SwarmCommand(load, host, runTime);
    }

    /** The open model's fields as a load layer; each malformed one is refused by name. */
    private static LoadSpec openFields(Map<String, String> fields, RunLimits limits) {
        String rate = blankToNull(text(fields, "rate", limits));
        String stages = blankToNull(text(fields, "stages", limits));
        String stairs = blankToNull(text(fields, "stairs", limits));
        String arrivals = blankToNull(text(fields, "arrivals", limits));
        try {
            Integer maxInFlight = count("max_in_flight", text(fields, "max_in_flight", limits));
            if (maxInFlight != null && maxInFlight > limits.maxUsers()) {
                // Every iteration in flight is a virtual user: the users' cap bounds it.
                throw new InvalidField("max_in_flight", "at most " + limits.maxUsers() + " "
                        + RunLimits.property("max-users"));
            }
            return new LoadSpec(null, null, rate == null ? null : parseOpenRate(rate), null,
                    stages == null ? null : LoadSpec.parseStages(stages),
                    stairs == null ? null : LoadSpec.parseStairs(stairs),
                    maxInFlight, count("max_queue", text(fields, "max_queue", limits)),
                    arrivals == null ? null : LoadSpec.parseArrivals(arrivals));
        } catch (LoadSpecException e) {
            throw new InvalidField(e.field(), e.reason());
        }
    }

    private static double parseOpenRate(String text) {
        try {
            return Rate.parsePerSecond(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("rate", e.getMessage());
        }
    }

    private static Integer count(String field, String text) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidField(field, "not an integer: '" + text + "'");
        }
    }

    /**
     * A text field, refused when longer than {@link RunLimits#maxFieldLength()}: whatever a
     * request names is copied into stats documents, history and every live message.
     */
    public static String text(Map<String, String> fields, String field, RunLimits limits) {
        String value = fields.get(field);
        if (value != null && value.length() > limits.maxFieldLength()) {
            throw new InvalidField(field, "at most " + limits.maxFieldLength() + " characters "
                    + RunLimits.property("max-field-length"));
        }
        return value;
    }

    private static int parseUsers(String field, String text, RunLimits limits) {
        if (blankToNull(text) == null) {
            throw new InvalidField(field, "required");
        }
        int users;
        try {
            users = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidField(field, "not an integer: '" + text + "'");
        }
        if (users < 0) {
            throw new InvalidField(field, "must be >= 0, got " + users);
        }
        if (users > limits.maxUsers()) {
            throw new InvalidField(field, "at most " + limits.maxUsers() + " " + RunLimits.property("max-users"));
        }
        return users;
    }

    private static double parseRate(String field, String text, RunLimits limits) {
        if (blankToNull(text) == null) {
            throw new InvalidField(field, "required");
        }
        double rate;
        try {
            rate = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidField(field, "not a number: '" + text + "'");
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new InvalidField(field, "must be a number > 0, got " + text);
        }
        if (rate > limits.maxSpawnRate()) {
            throw new InvalidField(field, "at most " + number(limits.maxSpawnRate()) + " "
                    + RunLimits.property("max-spawn-rate"));
        }
        return rate;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A bad request field; rendered as Locust's {@code {"success": false, "message": "field: reason"}}. */
    public static final class InvalidField extends RuntimeException {
        public InvalidField(String field, String reason) {
            super(field + ": " + reason);
        }
    }
}
