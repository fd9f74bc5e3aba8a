package io.stampede.core.scenario;

import java.util.List;

/**
 * Runs {@code then} when the condition holds, else {@code otherwise}.
 *
 * @param variable the variable tested
 * @param operator how it is tested
 * @param value    template compared against (unused for EXISTS / MISSING)
 */
public record IfStep(String variable, Operator operator, String value, List<Step> then, List<Step> otherwise)
        implements Step {

    public IfStep {
        then = List.copyOf(then);
        otherwise = List.copyOf(otherwise);
    }

    public enum Operator { EQUALS, NOT_EQUALS, EXISTS, MISSING, MATCHES }
}
