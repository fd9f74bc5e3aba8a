package io.stampede.coordinator.api;

import java.time.Duration;
import java.util.Map;

import io.stampede.coordinator.cli.LaunchCommand;
import io.stampede.coordinator.cli.RunTimeParser;
import io.stampede.coordinator.run.SwarmCommand;

/**
 * Reads Locust's {@code POST /swarm} fields (form, multipart or JSON, all flattened to strings)
 * into a {@link SwarmCommand}. Legacy names {@code locust_count} and {@code hatch_rate} are
 * accepted; errors name the field as the client sent it, and a value over one of the
 * {@link RunLimits} names the property that sets it.
 */
public final class SwarmForm {

    private SwarmForm() {
    }

    public static SwarmCommand read(Map<String, String> fields, RunLimits limits) {
        String usersField = fields.containsKey("locust_count") && !fields.containsKey("user_count")
                ? "locust_count" : "user_count";
        String rateField = fields.containsKey("hatch_rate") && !fields.containsKey("spawn_rate")
                ? "hatch_rate" : "spawn_rate";
        int users = parseUsers(usersField, text(fields, usersField, limits), limits);
        double rate = parseRate(rateField, text(fields, rateField, limits), limits);
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
        return new SwarmCommand(users, rate, host, runTime);
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
