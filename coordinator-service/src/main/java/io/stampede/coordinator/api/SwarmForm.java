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
 * accepted; errors name the field as the client sent it. Beside Locust's fields, the open
 * model's: {@code rate} (in place of {@code user_count}), {@code stages}, {@code stairs},
 * {@code max_in_flight}, {@code max_queue}, {@code arrivals}; they override the scenario's
 * {@code load:} section field by field, as the command line does.
 */
public final class SwarmForm {

    private SwarmForm() {
    }

    /** {@link #read(Map, LoadSpec)} for a scenario without a {@code load:} section. */
    public static SwarmCommand read(Map<String, String> fields) {
        return read(fields, LoadSpec.EMPTY);
    }

    /** @param scenarioLoad the scenario's {@code load:} section, under what the request gives */
    public static SwarmCommand read(Map<String, String> fields, LoadSpec scenarioLoad) {
        String usersField = fields.containsKey("locust_count") && !fields.containsKey("user_count")
                ? "locust_count" : "user_count";
        String rateField = fields.containsKey("hatch_rate") && !fields.containsKey("spawn_rate")
                ? "hatch_rate" : "spawn_rate";
        LoadSpec open = openFields(fields);
        boolean usersGiven = blankToNull(fields.get(usersField)) != null;
        if (!usersGiven && !open.choosesModel() && !scenarioLoad.choosesModel()) {
            throw new InvalidField(usersField, "required (or rate for an arrival rate)");
        }
        Integer users = usersGiven ? parseUsers(usersField, fields.get(usersField)) : null;
        // Boxed on purpose: a conditional mixing double and null would unbox the null.
        Double spawnRate = blankToNull(fields.get(rateField)) != null ? Double.valueOf(parseRate(rateField, fields.get(rateField)))
                : usersGiven && !open.choosesModel() ? Double.valueOf(parseRate(rateField, null)) : null;
        LoadSpec request = new LoadSpec(users, spawnRate, open.rate(), null, open.stages(), open.stairs(),
                open.maxInFlight(), open.maxQueue(), open.arrivals());
        LoadModel load;
        try {
            load = scenarioLoad.overriddenBy(request).toModel();
        } catch (LoadSpecException e) {
            throw new InvalidField(e.field().equals("users") ? usersField
                    : e.field().equals("spawn_rate") ? rateField : e.field(), e.reason());
        }
        String host = blankToNull(fields.get("host"));
        if (host != null) {
            String problem = LaunchCommand.HostValidator.problem(host);
            if (problem != null) {
                throw new InvalidField("host", problem);
            }
        }
        Duration runTime = null;
        String runTimeText = blankToNull(fields.get("run_time"));
        if (runTimeText != null) {
            try {
                runTime = RunTimeParser.parse(runTimeText);
            } catch (IllegalArgumentException e) {
                throw new InvalidField("run_time", e.getMessage());
            }
        }
        return new SwarmCommand(load, host, runTime);
    }

    /** The open model's fields as a load layer; each malformed one is refused by name. */
    private static LoadSpec openFields(Map<String, String> fields) {
        String rate = blankToNull(fields.get("rate"));
        String stages = blankToNull(fields.get("stages"));
        String stairs = blankToNull(fields.get("stairs"));
        String arrivals = blankToNull(fields.get("arrivals"));
        try {
            return new LoadSpec(null, null, rate == null ? null : parseOpenRate(rate), null,
                    stages == null ? null : LoadSpec.parseStages(stages),
                    stairs == null ? null : LoadSpec.parseStairs(stairs),
                    count("max_in_flight", fields.get("max_in_flight")), count("max_queue", fields.get("max_queue")),
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

    private static int parseUsers(String field, String text) {
        if (blankToNull(text) == null) {
            throw new InvalidField(field, "required");
        }
        try {
            int users = Integer.parseInt(text.trim());
            if (users < 0) {
                throw new InvalidField(field, "must be >= 0, got " + users);
            }
            return users;
        } catch (NumberFormatException e) {
            throw new InvalidField(field, "not an integer: '" + text + "'");
        }
    }

    private static double parseRate(String field, String text) {
        if (blankToNull(text) == null) {
            throw new InvalidField(field, "required");
        }
        try {
            double rate = Double.parseDouble(text.trim());
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new InvalidField(field, "must be a number > 0, got " + text);
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new InvalidField(field, "not a number: '" + text + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A bad request field; rendered as Locust's {@code {"success": false, "message": "field: reason"}}. */
    public static final class InvalidField extends RuntimeException {
        InvalidField(String field, String reason) {
            super(field + ": " + reason);
        }
    }
}
