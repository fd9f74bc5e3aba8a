package io.stampede.core.scenario.read;

/** What a construct's reader works with, taken from the {@link ReadContext} of the scenario being read. */
abstract class ConstructReader {

    final ReadContext context;
    final NodeReader nodes;
    final TemplateChecker templates;

    ConstructReader(ReadContext context) {
        this.context = context;
        this.nodes = context.nodes;
        this.templates = context.templates;
    }
}
