package io.stampede.coordinator.experiment.suite;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stampede.coordinator.experiment.suite.SuiteNode.Kind;
import io.stampede.coordinator.experiment.suite.SuiteNode.Mapping;
import io.stampede.coordinator.experiment.suite.SuiteNode.Member;
import io.stampede.coordinator.experiment.suite.SuiteNode.Position;
import io.stampede.coordinator.experiment.suite.SuiteNode.Scalar;

/**
 * The errors of one suite read and the typed access every reader shares. Readers report here
 * and go on (returning null for a bad value), so a suite's every problem is listed at once.
 */
final class SuiteReading {

    private final List<SuiteError> errors = new ArrayList<>();
    private final boolean confined;

    SuiteReading() {
        this(false);
    }

    /** @param confined scenario files must be inside the base directory and are not read otherwise */
    SuiteReading(boolean confined) {
        this.confined = confined;
    }

    boolean confined() {
        return confined;
    }

    List<SuiteError> errors() {
        return errors;
    }

    void error(Position at, String key, String message) {
        errors.add(new SuiteError(at, key, message));
    }

    /**
     * The members of a mapping by key, after checking the keys: unknown and repeated keys are
     * errors; null when the node is no mapping.
     */
    Map<String, Member> mapping(SuiteNode node, String key, Set<String> allowed) {
        if (!(node instanceof Mapping mapping)) {
            error(node.position(), key, "expected a mapping with keys " + String.join(", ", allowed) + " but got "
                    + SuiteNode.describe(node));
            return null;
        }
        Map<String, Member> members = new LinkedHashMap<>();
        for (Member member : mapping.members()) {
            String path = key.equals("suite") ? member.key() : key + "." + member.key();
            if (!allowed.contains(member.key())) {
                error(member.keyPosition(), path, "unknown key (allowed: " + String.join(", ", allowed) + ")");
            } else if (members.containsKey(member.key())) {
                error(member.keyPosition(), path, "repeated key (first at line " + members.get(member.key()).keyPosition().line() + ")");
            } else {
                members.put(member.key(), member);
            }
        }
        return members;
    }

    /** A non-blank string. */
    String string(SuiteNode node, String key) {
        if (node instanceof Scalar scalar && scalar.kind() == Kind.STRING && !scalar.text().isBlank()) {
            return scalar.text();
        }
        error(node.position(), key, "expected a non-empty string but got " + SuiteNode.describe(node));
        return null;
    }

    /** A number above 0, written as a number or a string holding one (the harness writes "qps": "100"). */
    Double positiveNumber(SuiteNode node, String key, double max) {
        BigDecimal value = decimal(node);
        if (value == null || value.signum() <= 0 || value.doubleValue() > max) {
            error(node.position(), key, "expected a number above 0 and at most " + plain(max) + " but got "
                    + SuiteNode.describe(node));
            return null;
        }
        return value.doubleValue();
    }

    /** A number from {@code min} to {@code max} (both included), written as a number or a string holding one. */
    Double number(SuiteNode node, String key, double min, double max) {
        BigDecimal value = decimal(node);
        if (value == null || value.doubleValue() < min || value.doubleValue() > max) {
            error(node.position(), key, "expected a number from " + plain(min) + " to " + plain(max) + " but got "
                    + SuiteNode.describe(node));
            return null;
        }
        return value.doubleValue();
    }

    /** A whole number of at least {@code min}, written as a number or a string holding one. */
    Integer wholeNumber(SuiteNode node, String key, int min, int max) {
        BigDecimal value = decimal(node);
        if (value == null || value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(min)) < 0
                || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(node.position(), key, "expected a whole number from " + min + " to " + max + " but got "
                    + SuiteNode.describe(node));
            return null;
        }
        return value.intValueExact();
    }

    /**
     * A duration as Fortio's {@code -t} takes it ({@code "30s"}, {@code "2m"}, {@code "1m30s"},
     * {@code "500ms"}) or a number of seconds; above 0 unless {@code zeroAllowed}.
     */
    Duration duration(SuiteNode node, String key, boolean zeroAllowed) {
        Duration value = null;
        if (node instanceof Scalar scalar && scalar.text() != null) {
            BigDecimal seconds = decimal(node);
            try {
                value = seconds != null ? Duration.ofNanos(seconds.movePointRight(9).longValueExact())
                        : scalar.kind() == Kind.STRING ? FortioDuration.parse(scalar.text()) : null;
            } catch (ArithmeticException | IllegalArgumentException e) {
                value = null;
            }
        }
        if (value == null || value.isNegative() || value.isZero() && !zeroAllowed) {
            error(node.position(), key, "expected a duration " + (zeroAllowed ? "of 0 or more" : "above 0")
                    + " such as \"30s\", \"2m\", \"1m30s\", \"500ms\" or a number of seconds, but got " + SuiteNode.describe(node));
            return null;
        }
        return value;
    }

    private static BigDecimal decimal(SuiteNode node) {
        if (node instanceof Scalar scalar && (scalar.kind() == Kind.NUMBER || scalar.kind() == Kind.STRING) && scalar.text() != null) {
            try {
                return new BigDecimal(scalar.text().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
