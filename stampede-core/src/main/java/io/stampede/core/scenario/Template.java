package io.stampede.core.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string with {@code ${...}} references, compiled once and rendered per use. {@code $${} writes
 * a literal {@code ${}. A reference is a variable ({@code id}), a feeder column
 * ({@code users.email}) or a built-in:
 * <ul>
 *   <li>{@code random.uuid} - a random UUID</li>
 *   <li>{@code random.int(a,b)} - a uniformly random integer in [a, b]</li>
 *   <li>{@code user.id} - the user's number, unique in the run</li>
 *   <li>{@code iteration} - how many tasks this user has started before this one</li>
 *   <li>{@code timestamp} - epoch milliseconds; {@code timestamp.s} seconds; {@code timestamp.iso} ISO-8601</li>
 *   <li>{@code run.id} - the run's id</li>
 * </ul>
 */
public final class Template {

    /** Names a reference may have; a built-in function adds {@code (args)}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private static final Pattern RANDOM_INT = Pattern.compile("random\\.int\\(\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");

    /** Built-in variable names, always defined. */
    public static final Set<String> BUILT_INS = Set.of("random.uuid", "user.id", "iteration", "timestamp",
            "timestamp.s", "timestamp.iso", "run.id");

    /** What rendering needs from the user running it. */
    public interface Context {

        /** The variable's value, or null when it is not defined. */
        String variable(String name);

        long userId();

        long iteration();

        String runId();

        default RandomGenerator random() {
            return java.util.concurrent.ThreadLocalRandom.current();
        }
    }

    /** A piece of a template. */
    public sealed interface Part {
    }

    /** Text copied as is. */
    public record Literal(String text) implements Part {
    }

    /**
     * A {@code ${...}} reference.
     *
     * @param expression what is between the braces, trimmed
     * @param offset     index of the {@code $} in the source string
     */
    public record Reference(String expression, int offset) implements Part {

        /** True for built-ins, which need no definition. */
        public boolean builtIn() {
            return BUILT_INS.contains(expression) || RANDOM_INT.matcher(expression).matches();
        }
    }

    /** A reference that cannot be parsed; {@code offset} indexes the source string. */
    public static final class SyntaxException extends IllegalArgumentException {
        private final int offset;

        SyntaxException(String message, int offset) {
            super(message);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** Compiles {@code source}; throws {@link SyntaxException} for an unclosed or malformed reference. */
    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (source.startsWith("${", i)) {
                int end = source.indexOf('}', i + 2);
                if (end < 0) {
                    throw new SyntaxException("unclosed '${' (no matching '}')", i);
                }
                String expression = source.substring(i + 2, end).strip();
                if (!NAME.matcher(expression).matches() && !RANDOM_INT.matcher(expression).matches()) {
                    throw new SyntaxException("'${" + expression + "}' is not a variable name or a built-in", i);
                }
                Matcher m = RANDOM_INT.matcher(expression);
                if (m.matches() && Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
                    throw new SyntaxException("random.int(a,b) needs a <= b", i);
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Reference(expression, i));
                i = end + 1;
            } else {
                literal.append(source.charAt(i++));
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(source, parts);
    }

    public String source() {
        return source;
    }

    public List<Part> parts() {
        return parts;
    }

    /** True when the template has no reference: render once and reuse. */
    public boolean isConstant() {
        return parts.stream().noneMatch(Reference.class::isInstance);
    }

    /** The references in order. */
    public List<Reference> references() {
        return parts.stream().filter(Reference.class::isInstance).map(Reference.class::cast).toList();
    }

    /**
     * Renders with the user's variables. An undefined variable renders as the empty string;
     * the parser rejects scenarios where that could happen by construction, so it only
     * happens when an extract found nothing.
     */
    public String render(Context context) {
        if (parts.size() == 1 && parts.getFirst() instanceof Literal(String text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal(String text) -> sb.append(text);
                case Reference(String expression, int offset) -> sb.append(evaluate(expression, context));
            }
        }
        return sb.toString();
    }

    private static String evaluate(String expression, Context context) {
        switch (expression) {
            case "random.uuid":
                return UUID.randomUUID().toString();
            case "user.id":
                return Long.toString(context.userId());
            case "iteration":
                return Long.toString(context.iteration());
            case "timestamp":
                return Long.toString(System.currentTimeMillis());
            case "timestamp.s":
                return Long.toString(System.currentTimeMillis() / 1000);
            case "timestamp.iso":
                return Instant.now().toString();
            case "run.id":
                return context.runId();
            default:
                Matcher m = RANDOM_INT.matcher(expression);
                if (m.matches()) {
                    long from = Long.parseLong(m.group(1));
                    long to = Long.parseLong(m.group(2));
                    return Long.toString(from == to ? from : context.random().nextLong(from, to + 1));
                }
                String value = context.variable(expression);
                return value == null ? "" : value;
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
