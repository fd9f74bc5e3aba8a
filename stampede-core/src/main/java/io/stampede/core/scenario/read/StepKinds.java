package io.stampede.core.scenario.read;

import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.read.Grammar.ObjectType;

import java.util.List;
import java.util.Optional;

/**
 * Every step kind of the scenario language, in the order the schema lists them. Adding a kind is
 * one line here (plus its reader class and model record) and one executor registration in the
 * engine; the parser's dispatch and the {@code step} object of the grammar are derived from this
 * list. {@link Step} is therefore a plain interface: a sealed permits list would be a second
 * place to edit.
 */
public final class StepKinds {

    private static final List<StepKind<?>> ALL = List.of(
            HttpStepReader.KIND,
            DnsStepReader.KIND,
            K8sStepReader.KIND,
            ThinkStepReader.KIND,
            LoopStepReader.KIND,
            IfStepReader.KIND);

    private StepKinds() {
    }

    public static List<StepKind<?>> all() {
        return ALL;
    }

    /** The kind of a step type, empty for a type no kind reads into. */
    public static Optional<StepKind<?>> of(Class<? extends Step> type) {
        return ALL.stream().filter(k -> k.type() == type).findFirst();
    }

    /** The kind introduced by {@code key}; the grammar admits only registered keys in a step. */
    static StepKind<?> named(String key) {
        return ALL.stream().filter(k -> k.name().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no step kind '" + key + "'"));
    }

    /** A step: exactly one of the kinds' keys. */
    static ObjectType grammar() {
        Grammar.Builder step = Grammar.object("step", "One thing a user does.");
        for (StepKind<?> kind : ALL) {
            step.optional(kind.name(), kind.shape(), kind.doc());
        }
        return step.exactlyOne(ALL.stream().map(StepKind::name).toArray(String[]::new)).build();
    }
}
