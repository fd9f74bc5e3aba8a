package io.stampede.core.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of {@code ${...}} templates, as the parser checks it: which references a string
 * makes and whether they are well formed. Rendering is the engine's
 * ({@code io.stampede.engine.template.Template}), which accepts the same syntax. A reference is a
 * variable ({@code id}), a feeder column ({@code users.email}) or a built-in:
 * {@code random.uuid}, {@code random.int(a,b)}, {@code user.id}, {@code iteration},
 * {@code timestamp} (epoch ms), {@code timestamp.iso}, {@code env.NAME} (the worker's environment
 * variable NAME; {@code STAMPEDE_*} are Stampede's own settings, such as the link token, and
 * are refused).
 */
public final class TemplateSyntax {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern ENV = Pattern.compile("env\\.[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern RANDOM_INT = Pattern.compile("random\\.int\\(\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");

    /** Built-in names, always defined; {@code run.id} is set by the worker for each run. */
    public static final Set<String> BUILT_INS = Set.of("random.uuid", "user.id", "iteration", "timestamp", "timestamp.iso",
            "run.id");

    /**
     * A {@code ${...}} reference.
     *
     * @param expression what is between the braces, trimmed
     * @param offset     index of the {@code $} in the template
     */
    public record Reference(String expression, int offset) {

        /** True for built-ins, which need no definition. */
        public boolean builtIn() {
            return BUILT_INS.contains(expression) || RANDOM_INT.matcher(expression).matches()
                    || ENV.matcher(expression).matches();
        }
    }

    /** A malformed reference; {@code offset} indexes the template. */
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

    private TemplateSyntax() {
    }

    /** The references of {@code template} in order; throws {@link SyntaxException} for a malformed one. */
    public static List<Reference> references(String template) {
        List<Reference> references = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = template.indexOf("${", at);
            if (open < 0) {
                return references;
            }
            int close = template.indexOf('}', open + 2);
            if (close < 0) {
                throw new SyntaxException("unclosed '${' (no matching '}')", open);
            }
            String expression = template.substring(open + 2, close).strip();
            Matcher random = RANDOM_INT.matcher(expression);
            if (random.matches()) {
                if (Long.parseLong(random.group(1)) > Long.parseLong(random.group(2))) {
                    throw new SyntaxException("random.int(a,b) needs a <= b", open);
                }
            } else if (expression.startsWith("env.")) {
                if (!ENV.matcher(expression).matches()) {
                    throw new SyntaxException("'${" + expression + "}' is not an environment variable name", open);
                }
                if (expression.startsWith("env.STAMPEDE_")) {
                    throw new SyntaxException("'${" + expression + "}': STAMPEDE_* variables are Stampede's own"
                            + " settings (such as the link token), not scenario input", open);
                }
            } else if (expression.startsWith("random.") && !BUILT_INS.contains(expression)) {
                throw new SyntaxException("unknown built-in '${" + expression + "}'", open);
            } else if (!NAME.matcher(expression).matches()) {
                throw new SyntaxException("'${" + expression + "}' is not a variable name or a built-in", open);
            }
            references.add(new Reference(expression, open));
            at = close + 1;
        }
    }
}
