package io.stampede.core.scenario.read;

import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import io.stampede.core.scenario.read.Grammar.Ref;
import io.stampede.core.scenario.read.Grammar.Shape;

import java.util.List;

/**
 * One kind of step, everything the scenario language needs to know about it in one value: the
 * key that introduces it in a step, the model type it reads into, its grammar fragment (for the
 * parser's key checks and the generated JSON Schema) and its reader. Listed in {@link StepKinds};
 * the engine registers the matching executor by {@link #type()}.
 *
 * @param name    the step's key, e.g. {@code http}
 * @param doc     the key's documentation in a step
 * @param shape   what the key's value may be, usually a reference to the kind's first object type
 * @param grammar the object types the kind declares, in schema order
 */
public record StepKind<S extends Step>(String name, Class<S> type, String doc, Shape shape, List<ObjectType> grammar,
                                       StepReader<S> reader) {

    public StepKind {
        grammar = List.copyOf(grammar);
    }

    /** A kind whose value is its first object type, named like the kind (e.g. {@code http: {...}}). */
    static <S extends Step> StepKind<S> of(Class<S> type, String doc, List<ObjectType> grammar, StepReader<S> reader) {
        String name = grammar.getFirst().name();
        return new StepKind<>(name, type, doc, new Ref(name), grammar, reader);
    }
}
