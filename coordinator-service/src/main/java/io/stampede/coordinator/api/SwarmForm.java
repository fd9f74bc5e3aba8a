package io.stampede.coordinator.api;

import java.time.Duration;
import java.util.Map;

import io.stampede.coordinator.cli.LaunchCommand;
import io.stampede.coordinator.cli.RunTimeParser;
import io.stampede.coordinator.run.SwarmCommand;

/**
 * Reads Locust's {@code POST /swarm} fields (form, multipart or JSON, all flattened to strings)
 * into a {@link SwarmCommand}. Legacy names {@code locust_count} and {@code hatch_rate} are
 * accepted; errors name the field as the client sent it.
 */
public final class SwarmForm {

    private SwarmForm() {
    }

    public static SwarmCommand read(Map<String, String> fields) {
        String usersField = fields.containsKey("locust_count") && !fields.containsKey("user_count")
                ? "locust_count" : "user_count";
        String rateField = fields.containsKey("hatch_rate") && !fields.containsKey("spawn_rate")
                ? "hatch_rate" : "spawn_rate";
        int users = parseUsers(usersField, fields.get(usersField));
        double rate = parseRate(rateField, fields.get(rateField));
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
        return new SwarmCommand(users, rate, host, runTime);
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
