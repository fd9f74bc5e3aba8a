package io.stampede.engine.template;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string with {@code ${...}} expressions, compiled once per scenario so that rendering a
 * request only concatenates parts. Expressions are variables ({@code ${id}},
 * {@code ${feeder.column}}) or built-ins: {@code random.uuid}, {@code random.int(a,b)}
 * (inclusive), {@code user.id}, {@code iteration}, {@code timestamp} (epoch ms),
 * {@code timestamp.iso}, {@code env.NAME} (the worker's environment, see {@link EnvironmentValues}).
 * Thread-safe and immutable.
 */
public final class Template {

    private static final Pattern RANDOM_INT = Pattern.compile("random\\.int\\(\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private final String source;
    private final Part[] parts;

    private Template(String source, Part[] parts) {
        this.source = source;
        this.parts = parts;
    }

    /** @throws TemplateException when an expression is unterminated or unknown */
    public static Template compile(String source) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < source.length()) {
            int open = source.indexOf("${", at);
            if (open < 0) {
                parts.add(new Literal(source.substring(at)));
                break;
            }
            if (open > at) {
                parts.add(new Literal(source.substring(at, open)));
            }
            int close = source.indexOf('}', open + 2);
            if (close < 0) {
                throw new TemplateException("unterminated ${ at position " + open + " in template '" + source + "'");
            }
            parts.add(expression(source.substring(open + 2, close).trim(), source));
            at = close + 1;
        }
        return new Template(source, parts.toArray(Part[]::new));
    }

    private static Part expression(String expression, String source) {
        switch (expression) {
            case "random.uuid":
                return context -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
                    long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
                    return new UUID(msb, lsb).toString();
                };
            case "user.id":
                return context -> Long.toString(context.userId());
            case "iteration":
                return context -> Long.toString(context.iteration());
            case "timestamp":
                return context -> Long.toString(System.currentTimeMillis());
            case "timestamp.iso":
                return context -> Instant.now().toString();
            default:
                break;
        }
        if (expression.startsWith("env.")) {
            String name = expression.substring("env.".length());
            return context -> {
                String value = EnvironmentValues.get(name);
                if (value == null) {
                    throw new TemplateException("environment variable " + name + " is not set on this worker");
                }
                return value;
            };
        }
        Matcher randomInt = RANDOM_INT.matcher(expression);
        if (randomInt.matches()) {
            long from = Long.parseLong(randomInt.group(1));
            long to = Long.parseLong(randomInt.group(2));
            if (from > to) {
                throw new TemplateException("random.int(" + from + "," + to + "): the first bound is above the second in template '" + source + "'");
            }
            return context -> Long.toString(ThreadLocalRandom.current().nextLong(from, to + 1));
        }
        if (expression.startsWith("random.")) {
            throw new TemplateException("unknown built-in '${" + expression + "}' in template '" + source
                    + "' (known: random.uuid, random.int(a,b), user.id, iteration, timestamp, timestamp.iso)");
        }
        if (!VARIABLE.matcher(expression).matches()) {
            throw new TemplateException("invalid expression '${" + expression + "}' in template '" + source + "'");
        }
        return context -> {
            String value = context.variable(expression);
            if (value == null) {
                throw new TemplateException("undefined variable '" + expression + "'");
            }
            return value;
        };
    }

    /** @throws TemplateException when a variable is undefined */
    public String render(TemplateContext context) {
        if (parts.length == 1 && parts[0] instanceof Literal literal) {
            return literal.text;
        }
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Part part : parts) {
            out.append(part.render(context));
        }
        return out.toString();
    }

    /** True when the template has no expression: it always renders to its source. */
    public boolean isConstant() {
        return parts.length == 0 || (parts.length == 1 && parts[0] instanceof Literal);
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    @FunctionalInterface
    private interface Part {
        String render(TemplateContext context);
    }

    private record Literal(String text) implements Part {
        @Override
        public String render(TemplateContext context) {
            return text;
        }
    }
}
